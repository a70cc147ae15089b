using System;
using System.Collections.Generic;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Benchmarks
{
    /// <summary>
    /// The smallest virtio-fsfreeze device that lets a benchmark drive the driver model: it offers every feature,
    /// keeps the request buffers the driver posts, writes a request into the oldest one on <see cref="Send"/>, and
    /// takes back every reply, keeping only the last one's status.
    /// </summary>
    internal sealed class LoopbackFsFreezeDevice : VirtioDevice
    {
        private readonly byte[] config = new byte[FsFreezeConfig.Size];
        private readonly Queue<(ChainToken Token, ulong Address, uint Length)> requestBuffers = new();
        private ChainBuffer[] storage = Array.Empty<ChainBuffer>();

        public LoopbackFsFreezeDevice(FsFreezeConfig configuration)
            : base(FsFreezeDevice.DeviceId, 0x1AF4, FsFreezeFeature.KnownMask, new ushort[] { 16, 16 }, FsFreezeConfig.Size)
        {
            configuration.Encode(config);
        }

        /// <summary>Replies and events read from replyq.</summary>
        public int RepliesRead { get; private set; }

        /// <summary>The status of the last reply (decoded from its header only).</summary>
        public ReplyStatus LastStatus { get; private set; }

        /// <summary>Completes the oldest posted request buffer with <paramref name="request"/>; false when none is posted.</summary>
        public bool Send(ReadOnlySpan<byte> request)
        {
            if (!requestBuffers.TryDequeue(out var buffer))
            {
                return false;
            }

            int length = (int)Math.Min((uint)request.Length, buffer.Length);
            Context.Memory.TryWrite(buffer.Address, request[..length]);
            Context.GetQueue(FsFreezeDevice.RequestQueueIndex)!.PushUsed(buffer.Token, (uint)length);
            Context.SignalUsedBuffers(FsFreezeDevice.RequestQueueIndex);
            return true;
        }

        protected override void ReadConfig(int offset, Span<byte> destination) => config.AsSpan(offset, destination.Length).CopyTo(destination);

        protected override void OnDriverOk()
        {
            TakeRequestBuffers();
            ReadReplies();
        }

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

        protected override void OnReset() => requestBuffers.Clear();

        private Span<ChainBuffer> Storage(IDeviceQueue queue)
        {
            if (storage.Length < queue.Size)
            {
                storage = new ChainBuffer[queue.Size];
            }

            return storage;
        }

        private void TakeRequestBuffers()
        {
            IDeviceQueue queue = Context.GetQueue(FsFreezeDevice.RequestQueueIndex)!;
            while (queue.TryPop(Storage(queue), out DescriptorChain chain, out _))
            {
                ChainBuffer first = chain.Writable[0];
                requestBuffers.Enqueue((new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength), first.Address, first.Length));
            }
        }

        private void ReadReplies()
        {
            IDeviceQueue queue = Context.GetQueue(FsFreezeDevice.ReplyQueueIndex)!;
            bool used = false;
            while (queue.TryPop(Storage(queue), out DescriptorChain chain, out _))
            {
                LastStatus = FsFreezeReply.TryDecode(ReadWhole(chain), out FsFreezeReply reply) ? reply.Status : ReplyStatus.Invalid;
                RepliesRead++;
                queue.PushUsed(new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength), 0);
                used = true;
            }

            if (used)
            {
                Context.SignalUsedBuffers(FsFreezeDevice.ReplyQueueIndex);
            }
        }

        private byte[] ReadWhole(DescriptorChain chain)
        {
            byte[] bytes = new byte[chain.ReadableLength];
            int at = 0;
            foreach (ChainBuffer buffer in chain.Readable)
            {
                Context.Memory.TryRead(buffer.Address, bytes.AsSpan(at, (int)buffer.Length));
                at += (int)buffer.Length;
            }

            return bytes;
        }
    }
}
