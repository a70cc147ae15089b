using System;
using System.Collections.Generic;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.Protocol
{
    /// <summary>
    /// Plays the spec's "One freeze exchange as ring states" on a ring implementation and returns the bytes of each
    /// area the spec shows, by block name. The exchange uses the messages of the worked examples
    /// <c>freeze-request</c> and <c>freeze-reply</c>.
    /// </summary>
    public static class RingStateExample
    {
        /// <summary>The spec's block names, in document order.</summary>
        public static IReadOnlyList<string> Names { get; } = new[]
        {
            "ring-requestq-descriptors-posted",
            "ring-requestq-available-posted",
            "ring-requestq-used-after-request",
            "ring-replyq-descriptors-reply",
            "ring-replyq-available-reply",
            "ring-replyq-used-after-reply",
        };

        private const ushort Size = 4;
        private const uint RequestSize = 64;

        /// <summary>Runs the exchange on <paramref name="ring"/> (a split-ring implementation) and captures each block.</summary>
        public static IReadOnlyDictionary<string, byte[]> Play(IVirtqueueImplementation ring)
        {
            ArgumentNullException.ThrowIfNull(ring);
            var memory = GuestMemory.Allocate(0x10000, 0x20000);
            ulong features = VirtioFeatureBit.Mask(VirtioFeatureBit.Version1);
            var requestq = new QueueConfiguration(Size, 0x10000, 0x10040, 0x10050, features);
            var replyq = new QueueConfiguration(Size, 0x11000, 0x11040, 0x11050, features);
            IDriverQueue driverRequests = Driver(ring, memory, requestq);
            IDriverQueue driverReplies = Driver(ring, memory, replyq);
            IDeviceQueue deviceRequests = Device(ring, memory, requestq);
            IDeviceQueue deviceReplies = Device(ring, memory, replyq);
            var captured = new Dictionary<string, byte[]>(StringComparer.Ordinal);

            // The driver posts two request buffers (FF-DRV-2).
            Expect(driverRequests.TryAdd(default, new[] { new BufferSpec(0x20000, RequestSize) }, 1, false, out _));
            Expect(driverRequests.TryAdd(default, new[] { new BufferSpec(0x20040, RequestSize) }, 2, false, out _));
            captured[Names[0]] = Read(memory, requestq.DescriptorArea, 32);
            captured[Names[1]] = Read(memory, requestq.DriverArea, 12);

            // The device fills the first with the FREEZE and returns it.
            byte[] request = FsFreezeRequest.Freeze(1, 30000).ToArray();
            var storage = new ChainBuffer[Size];
            if (!deviceRequests.TryPop(storage, out DescriptorChain chain, out QueueError error))
            {
                throw new InvalidOperationException($"no request buffer: {error}");
            }

            Expect(memory.TryWrite(chain.Writable[0].Address, request) ? QueueError.None : QueueError.BufferOutsideGuestMemory);
            Expect(deviceRequests.PushUsed(new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength), (uint)request.Length));
            captured[Names[2]] = Read(memory, requestq.DeviceArea, 12);

            // The driver reclaims it and answers on replyq.
            if (!driverRequests.TryReclaim(out UsedBuffer used, out error) || used.Length != request.Length)
            {
                throw new InvalidOperationException($"request not reclaimed: {error}");
            }

            var reply = new FsFreezeReply
            {
                Type = ReplyType.Freeze,
                RequestId = 1,
                State = GuestFreezeState.Frozen,
                FrozenCount = 3,
                SkippedCount = 7,
                RemainingMs = 29990,
            };
            byte[] replyBytes = reply.ToArray();
            Expect(memory.TryWrite(0x21000, replyBytes) ? QueueError.None : QueueError.BufferOutsideGuestMemory);
            Expect(driverReplies.TryAdd(new[] { new BufferSpec(0x21000, (uint)replyBytes.Length) }, default, 3, false, out _));
            captured[Names[3]] = Read(memory, replyq.DescriptorArea, 16);
            captured[Names[4]] = Read(memory, replyq.DriverArea, 12);

            // The device reads the reply and returns the buffer with length 0 (FF-DEV-10).
            if (!deviceReplies.TryPop(storage, out chain, out error))
            {
                throw new InvalidOperationException($"no reply: {error}");
            }

            Expect(deviceReplies.PushUsed(new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength), 0));
            captured[Names[5]] = Read(memory, replyq.DeviceArea, 12);
            return captured;
        }

        private static IDriverQueue Driver(IVirtqueueImplementation ring, GuestMemory memory, QueueConfiguration config)
        {
            Expect(ring.CreateDriverEnd(memory, config, 0, 0, out IDriverQueue? queue));
            return queue!;
        }

        private static IDeviceQueue Device(IVirtqueueImplementation ring, GuestMemory memory, QueueConfiguration config)
        {
            Expect(ring.CreateDeviceEnd(memory, config, out IDeviceQueue? queue));
            return queue!;
        }

        private static byte[] Read(GuestMemory memory, ulong address, int length)
        {
            var bytes = new byte[length];
            Expect(memory.TryRead(address, bytes) ? QueueError.None : QueueError.BufferOutsideGuestMemory);
            return bytes;
        }

        private static void Expect(QueueError error)
        {
            if (error != QueueError.None)
            {
                throw new InvalidOperationException($"ring operation failed: {error}");
            }
        }
    }
}
