using System;
using FsFreeze.Protocol.Replies;
using FsFreeze.Virtio.Queues;
using Wire = FsFreeze.Protocol.FsFreezeDevice;

namespace FsFreeze.Device.Emulation
{
    /// <summary>Consuming replyq (spec "Validating replies (device)", FF-DEV-9 to FF-DEV-14).</summary>
    public sealed partial class FsFreezeDevice
    {
        /// <summary>
        /// The most bytes of one replyq message the device reads: a header and <c>max_entries</c> entries. Anything
        /// after them cannot be part of a valid reply, so a huge chain costs the device no more than this (FF-DEV-14).
        /// </summary>
        public int MaxReplyBytes => 48 + (32 * (int)Config.MaxEntries);

        private void ProcessReplies()
        {
            IDeviceQueue? queue = Context.GetQueue(Wire.ReplyQueueIndex);
            if (queue is null)
            {
                return;
            }

            var storage = new ChainBuffer[queue.Size];
            byte[] message = new byte[MaxReplyBytes];

            // Drain with notifications off, then re-enable and look once more (virtio 1.4 "Notification Suppression").
            do
            {
                queue.DisableNotifications();
                while (queue.TryPop(storage, out DescriptorChain chain, out QueueError error))
                {
                    if (!ConsumeReplyChain(queue, chain, message))
                    {
                        return;
                    }

                    // An observer may have been told about a completion; the device stays usable as long as the
                    // transport lets it process queues.
                    if (!IsDriverReady)
                    {
                        return;
                    }
                }

                if (queue.Error != QueueError.None)
                {
                    // FF-INIT-7: a malformed ring breaks the device until reset.
                    Context.ReportQueueError(Wire.ReplyQueueIndex, queue.Error);
                    DropAwaited();
                    return;
                }
            }
            while (queue.EnableNotifications());

            Context.SignalUsedBuffers(Wire.ReplyQueueIndex);
        }

        /// <summary>Reads, uses and judges one chain; false when the device had to give up (DEVICE_NEEDS_RESET).</summary>
        private bool ConsumeReplyChain(IDeviceQueue queue, DescriptorChain chain, byte[] message)
        {
            // FF-DEV-9: reply buffers are device-readable only; a writable one is a malformed ring.
            if (chain.Writable.Length != 0)
            {
                Fail();
                return false;
            }

            int length = 0;
            foreach (ChainBuffer buffer in chain.Readable)
            {
                if (length == message.Length)
                {
                    break;
                }

                int take = (int)Math.Min(buffer.Length, (uint)(message.Length - length));

                // The ring validated every buffer against guest memory (FF-RING-12); a failed read is impossible,
                // but if it happened the bytes are treated as absent rather than trusted.
                if (!Context.Memory.TryRead(buffer.Address, message.AsSpan(length, take)))
                {
                    break;
                }

                length += take;
            }

            // FF-DEV-10: used with length 0 once read, whatever it holds. The bytes were copied first, so the driver
            // rewriting the buffer afterwards changes nothing the device judges.
            QueueError error = queue.PushUsed(new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength), 0);
            if (error != QueueError.None)
            {
                Context.ReportQueueError(Wire.ReplyQueueIndex, error);
                DropAwaited();
                return false;
            }

            Counters.CountChain();
            Judge(message.AsSpan(0, length));
            return true;
        }

        private void Judge(ReadOnlySpan<byte> bytes)
        {
            // Driver testing only: with no raw request awaiting (FsFreezeDevice.Raw.cs) this takes nothing.
            if (TakeRawReply(bytes))
            {
                return;
            }

            ReplyVerdict verdict = ReplyValidation.Validate(bytes, NegotiatedFeatures, Config.MaxEntries, _awaited);
            Counters.Count(verdict);
            switch (verdict.Kind)
            {
                case ReplyVerdictKind.Ignored:
                    // FF-DEV-11, FF-DEV-13: counted; the awaited request keeps waiting.
                    _inspector?.OnIgnored(bytes, verdict);
                    break;
                case ReplyVerdictKind.Accepted when verdict.Reply.Type == Protocol.ReplyType.Event:
                    _observer?.OnEvent(verdict);
                    break;
                default:
                    // Accepted or FF-DEV-12 protocol error: either way the awaited request is done.
                    Abandon(verdict.RequestId);
                    _observer?.OnRequestCompleted(verdict.RequestId, verdict);
                    break;
            }
        }
    }
}
