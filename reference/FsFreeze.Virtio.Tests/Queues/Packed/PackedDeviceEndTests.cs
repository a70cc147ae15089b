using System;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Virtio.Tests.Queues.Packed
{
    public sealed class PackedDeviceEndTests
    {
        [Test]
        public void PushUsed_RefusesABufferIdNotInFlight()
        {
            var pair = new PackedPair(4);
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            ChainToken token = pair.Pop();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(pair.Device.PushUsed(new ChainToken((ushort)(token.Id + 1), 1, 0), 0), Is.EqualTo(QueueError.UsedHeadNotInFlight));
                Assert.That(pair.Device.PushUsed(new ChainToken(token.Id, 2, 0), 0), Is.EqualTo(QueueError.UsedHeadNotInFlight), "more slots than held");
                Assert.That(pair.Device.PushUsed(token, 1), Is.EqualTo(QueueError.UsedLengthTooLarge));
                Assert.That(pair.Device.PushUsed(token, 0), Is.EqualTo(QueueError.None));
                Assert.That(pair.Device.PushUsed(token, 0), Is.EqualTo(QueueError.UsedHeadNotInFlight), "used twice");
                Assert.That(pair.Device.Error, Is.EqualTo(QueueError.None), "device-model bugs do not break the ring");
            }
        }

        [Test]
        public void BufferIds_AreAnyU16TheDriverChooses()
        {
            // Buffer IDs are not bounded by Queue Size: a device tracks all 65536 of them.
            var pair = new PackedPair(4);
            Span<byte> ring = pair.Memory.Regions[0].Backing.Span;
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            FsFreeze.Virtio.Memory.RingAccess.WriteUInt16(ring, 12, 65535);
            ChainToken token = pair.Pop();
            Assert.That(token.Id, Is.EqualTo((ushort)65535));
            Assert.That(pair.Device.PushUsed(token, 0), Is.EqualTo(QueueError.None));
        }

        [Test]
        public void HotPaths_AllocateNothing()
        {
            var pair = new PackedPair(7, FsFreeze.Virtio.Common.VirtioFeatureBit.Mask(FsFreeze.Virtio.Common.VirtioFeatureBit.EventIdx)
                | FsFreeze.Virtio.Common.VirtioFeatureBit.Mask(FsFreeze.Virtio.Common.VirtioFeatureBit.IndirectDesc));
            BufferSpec[] readable = PackedPair.Buffers(0, 2, 8);
            BufferSpec[] writable = PackedPair.Buffers(2, 1, 8);
            RunRounds(pair, readable, writable, 10);
            long before = GC.GetAllocatedBytesForCurrentThread();
            RunRounds(pair, readable, writable, 200);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            using (Assert.EnterMultipleScope())
            {
                Assert.That(allocated, Is.Zero);
                Assert.That(pair.Device.Error, Is.EqualTo(QueueError.None));
                Assert.That(pair.Driver.FreeCount, Is.EqualTo(7));
            }
        }

        private static void RunRounds(PackedPair pair, BufferSpec[] readable, BufferSpec[] writable, int rounds)
        {
            for (int i = 0; i < rounds; i++)
            {
                pair.Driver.TryAdd(readable, writable, (ulong)i, (i & 1) == 1, out _);
                pair.Driver.NeedsNotification();
                pair.Device.TryPop(pair.Storage, out DescriptorChain chain, out _);
                pair.Device.PushUsed(new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength), 4);
                pair.Device.NeedsInterrupt();
                pair.Driver.TryReclaim(out _, out _);
                pair.Device.DisableNotifications();
                pair.Device.EnableNotifications();
                pair.Driver.DisableInterrupts();
                pair.Driver.EnableInterrupts();
            }
        }
    }
}
