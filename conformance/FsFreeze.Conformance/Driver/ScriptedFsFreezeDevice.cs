using System;
using System.Collections.Generic;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.Driver
{
    /// <summary>
    /// The suite's own virtio-fsfreeze device, scripted by tests: it offers chosen features and configuration,
    /// takes the driver's request buffers as they are posted, writes exact (valid or hostile) request bytes into
    /// them on demand, collects every reply and event from replyq, and can break (DEVICE_NEEDS_RESET) or vanish.
    /// It does not validate replies beyond framing: the tests assert on them.
    /// </summary>
    public sealed class ScriptedFsFreezeDevice : VirtioDevice
    {
        private readonly byte[] config = new byte[FsFreezeConfig.Size];
        private readonly Queue<PostedRequestBuffer> requestBuffers = new();

        /// <summary>Creates the device with DeviceID 65535 (FF-DEV-1) and the given offer and configuration.</summary>
        public ScriptedFsFreezeDevice(ulong features, FsFreezeConfig configuration, uint deviceId = FsFreezeDevice.DeviceId, uint vendorId = 0x1AF4, ushort queueSizeMax = 16, int queueCount = 2)
            : base(deviceId, vendorId, features, Sizes(queueSizeMax, queueCount), FsFreezeConfig.Size)
        {
            configuration.Encode(config);
        }

        /// <summary>Every message read from replyq, raw.</summary>
        public List<byte[]> Messages { get; } = new();

        /// <summary>Request buffers popped from requestq by the time DRIVER_OK was set.</summary>
        public int RequestBuffersAtDriverOk { get; private set; } = -1;

        /// <summary>Every requestq chain seen: (readable buffers, writable bytes) (FF-DRV-2, FF-DRV-3, FF-DRV-6).</summary>
        public List<(int Readable, uint WritableLength)> RequestChains { get; } = new();

        /// <summary>Every replyq chain seen: number of writable buffers (FF-DRV-3).</summary>
        public List<int> ReplyChainWritableCounts { get; } = new();

        /// <summary>Request buffers the device holds, ready to be filled.</summary>
        public int AvailableRequestBuffers => requestBuffers.Count;

        /// <summary>Times the driver wrote the configuration space (FF-DRV-6: never).</summary>
        public int ConfigWrites { get; private set; }

        /// <summary>Times the driver reset the device.</summary>
        public int Resets { get; private set; }

        /// <summary>Called at each reset, as the driver writes 0 to Status (to look at the guest at that moment).</summary>
        public Action? ResetObserved { get; set; }

        /// <summary>When true the device ignores the driver entirely: no buffer is taken, no reply read (a vanished host).</summary>
        public bool Vanished { get; set; }

        /// <summary>Decoded messages (framing only; an undecodable one is skipped).</summary>
        public List<FsFreezeReply> Replies
        {
            get
            {
                var list = new List<FsFreezeReply>();
                foreach (byte[] bytes in Messages)
                {
                    if (FsFreezeReply.TryDecode(bytes, out FsFreezeReply reply))
                    {
                        list.Add(reply);
                    }
                }

                return list;
            }
        }

        /// <summary>
        /// Writes <paramref name="bytes"/> into the oldest held request buffer and completes it with
        /// <paramref name="usedLength"/> (default: the byte count), then interrupts. False when no buffer is held.
        /// </summary>
        public bool Send(byte[] bytes, uint? usedLength = null)
        {
            ArgumentNullException.ThrowIfNull(bytes);
            if (!requestBuffers.TryDequeue(out PostedRequestBuffer buffer))
            {
                return false;
            }

            int length = (int)Math.Min((uint)bytes.Length, buffer.Length);
            Context.Memory.TryWrite(buffer.Address, bytes.AsSpan(0, length));
            IDeviceQueue queue = Context.GetQueue(FsFreezeDevice.RequestQueueIndex)!;
            queue.PushUsed(buffer.Token, usedLength is { } forced && forced <= buffer.Length ? forced : (uint)length);
            Context.SignalUsedBuffers(FsFreezeDevice.RequestQueueIndex);
            return true;
        }

        /// <summary>
        /// A hostile completion (FF-DRV-13): uses the oldest held buffer, then rewrites the used element's id
        /// (<paramref name="forcedId"/>) or length (<paramref name="forcedLength"/>) before the interrupt.
        /// </summary>
        public bool SendBogusCompletion(byte[] bytes, ulong usedRingAddress, ushort queueSize, uint? forcedId, uint? forcedLength)
        {
            ArgumentNullException.ThrowIfNull(bytes);
            if (!requestBuffers.TryDequeue(out PostedRequestBuffer buffer))
            {
                return false;
            }

            Context.Memory.TryWrite(buffer.Address, bytes.AsSpan(0, (int)Math.Min((uint)bytes.Length, buffer.Length)));
            IDeviceQueue queue = Context.GetQueue(FsFreezeDevice.RequestQueueIndex)!;
            queue.PushUsed(buffer.Token, (uint)Math.Min((uint)bytes.Length, buffer.Length));
            Context.Memory.TryReadUInt16(usedRingAddress + 2, out ushort usedIdx);
            ulong element = usedRingAddress + 4 + (8UL * (ulong)((ushort)(usedIdx - 1) % queueSize));
            if (forcedId is { } id)
            {
                Context.Memory.TryWriteUInt32(element, id);
            }

            if (forcedLength is { } len)
            {
                Context.Memory.TryWriteUInt32(element + 4, len);
            }

            Context.SignalUsedBuffers(FsFreezeDevice.RequestQueueIndex);
            return true;
        }

        /// <summary>Sets DEVICE_NEEDS_RESET with a configuration-change interrupt (FF-INIT-7).</summary>
        public void Break() => Context.ReportUnrecoverableError();

        /// <summary>Changes the configuration (a configuration-change notification follows).</summary>
        public void SetConfiguration(FsFreezeConfig configuration)
        {
            configuration.Encode(config);
            Context.NotifyConfigChanged();
        }

        /// <inheritdoc />
        protected override void ReadConfig(int offset, Span<byte> destination) => config.AsSpan(offset, destination.Length).CopyTo(destination);

        /// <inheritdoc />
        protected override void WriteConfig(int offset, ReadOnlySpan<byte> source) => ConfigWrites++;

        /// <inheritdoc />
        protected override void OnDriverOk()
        {
            TakeRequestBuffers();
            RequestBuffersAtDriverOk = requestBuffers.Count;
            ReadReplies();
        }

        /// <inheritdoc />
        protected override void OnQueueNotify(int queueIndex)
        {
            if (queueIndex == FsFreezeDevice.RequestQueueIndex)
            {
                TakeRequestBuffers();
            }
            else
            {
                ReadReplies();
            }
        }

        /// <inheritdoc />
        protected override void OnReset()
        {
            Resets++;
            ResetObserved?.Invoke();
            requestBuffers.Clear();
        }

        private static ushort[] Sizes(ushort size, int count)
        {
            var sizes = new ushort[count];
            Array.Fill(sizes, size);
            return sizes;
        }

        private void TakeRequestBuffers()
        {
            IDeviceQueue? queue = Context.GetQueue(FsFreezeDevice.RequestQueueIndex);
            if (queue is null || Vanished)
            {
                return;
            }

            var storage = new ChainBuffer[queue.Size];
            while (queue.TryPop(storage, out DescriptorChain chain, out _))
            {
                RequestChains.Add((chain.ReadableCount, chain.WritableLength));
                ChainBuffer first = chain.Writable.Length > 0 ? chain.Writable[0] : default;
                requestBuffers.Enqueue(new PostedRequestBuffer(new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength), first.Address, first.Length));
            }
        }

        private void ReadReplies()
        {
            IDeviceQueue? queue = Context.GetQueue(FsFreezeDevice.ReplyQueueIndex);
            if (queue is null || Vanished)
            {
                return;
            }

            var storage = new ChainBuffer[queue.Size];
            bool used = false;
            while (queue.TryPop(storage, out DescriptorChain chain, out _))
            {
                ReplyChainWritableCounts.Add(chain.Writable.Length);
                var bytes = new List<byte>();
                foreach (ChainBuffer buffer in chain.Readable)
                {
                    byte[] part = new byte[buffer.Length];
                    Context.Memory.TryRead(buffer.Address, part);
                    bytes.AddRange(part);
                }

                Messages.Add(bytes.ToArray());
                queue.PushUsed(new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength), 0);
                used = true;
            }

            if (used)
            {
                Context.SignalUsedBuffers(FsFreezeDevice.ReplyQueueIndex);
            }
        }

        private readonly record struct PostedRequestBuffer(ChainToken Token, ulong Address, uint Length);
    }
}
