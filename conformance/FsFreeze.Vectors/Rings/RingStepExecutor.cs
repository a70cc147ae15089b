using System;
using System.Linq;
using System.Text.Json.Nodes;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Vectors.Rings
{
    /// <summary>
    /// Performs one step on a session and reports what the implementation answered, as the JSON object stored in
    /// the step's <c>expect</c> field. The generator records it from the reference; a replay compares it.
    /// </summary>
    internal static class RingStepExecutor
    {
        /// <summary>Performs <paramref name="step"/> and returns its observable result.</summary>
        /// <exception cref="FormatException">Unknown operation.</exception>
        internal static JsonObject Execute(RingSession session, RingStep step)
        {
            ArgumentNullException.ThrowIfNull(session);
            ArgumentNullException.ThrowIfNull(step);

            return step.Op switch
            {
                RingOp.DriverAdd => DriverAdd(session, step),
                RingOp.DriverNotifyDecision => new JsonObject { ["notify"] = session.Driver.NeedsNotification() },
                RingOp.DriverReclaim => DriverReclaim(session),
                RingOp.DriverDisableInterrupts => Done(session.Driver.DisableInterrupts),
                RingOp.DriverEnableInterrupts => new JsonObject { ["pending"] = session.Driver.EnableInterrupts() },
                RingOp.DevicePop => DevicePop(session),
                RingOp.DevicePush => DevicePush(session, step),
                RingOp.DeviceInterruptDecision => new JsonObject { ["interrupt"] = session.Device.NeedsInterrupt() },
                RingOp.DeviceDisableNotifications => Done(session.Device.DisableNotifications),
                RingOp.DeviceEnableNotifications => new JsonObject { ["pending"] = session.Device.EnableNotifications() },
                _ => throw new FormatException($"unknown ring op '{step.Op}'"),
            };
        }

        private static JsonObject Done(Action action)
        {
            action();
            return new JsonObject();
        }

        private static JsonObject DriverAdd(RingSession session, RingStep step)
        {
            QueueError error = session.Driver.TryAdd(step.Readable.ToArray(), step.Writable.ToArray(), step.Token, step.Indirect, out ushort id);
            var result = new JsonObject { ["error"] = QueueErrorNames.ToWire(error) };
            if (error == QueueError.None)
            {
                result["id"] = id;
            }

            return result;
        }

        private static JsonObject DriverReclaim(RingSession session)
        {
            bool reclaimed = session.Driver.TryReclaim(out UsedBuffer used, out QueueError error);
            var result = new JsonObject { ["reclaimed"] = reclaimed, ["error"] = QueueErrorNames.ToWire(error) };
            if (reclaimed)
            {
                result["id"] = used.Id;
                result["len"] = used.Length;
                result["token"] = used.Token;
            }

            return result;
        }

        private static JsonObject DevicePop(RingSession session)
        {
            // Room for the longest legal chain: Queue Size direct descriptors or a full indirect table.
            var storage = new ChainBuffer[session.Config.QueueSize + session.Config.IndirectEntries];
            bool popped = session.Device.TryPop(storage, out DescriptorChain chain, out QueueError error);
            var result = new JsonObject { ["popped"] = popped, ["error"] = QueueErrorNames.ToWire(error) };
            if (popped)
            {
                session.Popped[chain.Id] = new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength);
                result["id"] = chain.Id;
                result["descriptor_count"] = chain.DescriptorCount;
                result["readable"] = Buffers(chain.Readable);
                result["writable"] = Buffers(chain.Writable);
            }

            return result;
        }

        private static JsonObject DevicePush(RingSession session, RingStep step)
        {
            // A chain the device never popped is pushed with no writable space, so the device end must refuse it.
            ChainToken token = session.Popped.TryGetValue(step.Id, out ChainToken popped) ? popped : new ChainToken(step.Id, 1, 0);
            QueueError error = session.Device.PushUsed(token, step.Length);
            if (error == QueueError.None)
            {
                session.Popped.Remove(step.Id);
            }

            return new JsonObject { ["error"] = QueueErrorNames.ToWire(error) };
        }

        private static JsonArray Buffers(ReadOnlySpan<ChainBuffer> buffers)
        {
            var array = new JsonArray();
            foreach (ChainBuffer buffer in buffers)
            {
                array.Add(new JsonArray(buffer.Address, buffer.Length));
            }

            return array;
        }
    }
}
