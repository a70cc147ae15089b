using System;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Virtio.Tests.Queues.Split
{
    /// <summary>What the split driver end does when it is created: zeroed ring memory and the indirect-table area it accepts.</summary>
    public sealed class SplitDriverSetupTests
    {
        private static readonly ulong Indirect = VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc);

        [Test]
        [Category("FF-RING-3")]
        [Category("FF-RING-17")]
        public void Creation_ZeroesTheRingsTheDriverOwns()
        {
            // Guest memory full of 0xff: without the zeroing avail.flags would say NO_INTERRUPT, used.flags NO_NOTIFY.
            var pair = new SplitPair(4, fill: 0xff);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(pair.Area(pair.Config.DescriptorArea, SplitRingLayout.DescriptorTableSize(4)).IndexOfAnyExcept((byte)0), Is.EqualTo(-1), "descriptor table");
                Assert.That(pair.Area(pair.Config.DriverArea, SplitRingLayout.AvailRingSize(4)).IndexOfAnyExcept((byte)0), Is.EqualTo(-1), "available ring");
                Assert.That(pair.Area(pair.Config.DeviceArea, SplitRingLayout.UsedRingSize(4)).IndexOfAnyExcept((byte)0), Is.EqualTo(-1), "used ring and avail_event");
            }

            Assert.That(pair.Driver.TryAdd(SplitPair.Buffers(0, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.NeedsNotification(), Is.True, "used.flags 0: notify");
            Assert.That(pair.Device.PushUsed(pair.Pop(), 0), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.NeedsInterrupt(), Is.True, "avail.flags 0: interrupt");
        }

        [TestCase(-1)]
        [TestCase(5)]
        public void IndirectEntriesOutsideZeroToQueueSize_AreRefused(int entries)
        {
            GuestMemory memory = GuestMemory.Allocate(SplitPair.Base, SplitPair.MemorySize);
            QueueConfiguration config = Config(4, Indirect);
            Assert.That(SplitQueueDriverEnd.TryCreate(memory, config, out SplitQueueDriverEnd? queue, SplitPair.IndirectArea, entries), Is.EqualTo(QueueError.InvalidChain));
            Assert.That(queue, Is.Null);
        }

        [Test]
        [Category("FF-RING-8")]
        public void IndirectEntriesUpToQueueSize_AreAccepted() =>
            Assert.That(Create(4, Indirect, SplitPair.IndirectArea, 4), Is.EqualTo(QueueError.None));

        [Test]
        [Category("FF-RING-1")]
        public void MisalignedIndirectArea_IsRefused() =>
            Assert.That(Create(4, Indirect, SplitPair.IndirectArea + 8, 4), Is.EqualTo(QueueError.RingOutsideGuestMemory));

        [Test]
        [Category("FF-RING-12")]
        public void IndirectAreaWhoseLastTableLeavesGuestMemory_IsRefused()
        {
            // 4 Buffer IDs x 4 entries x 16 bytes = 256 bytes; the area starts 240 bytes before the end.
            ulong end = SplitPair.Base + SplitPair.MemorySize;
            using (Assert.EnterMultipleScope())
            {
                Assert.That(Create(4, Indirect, end - 240, 4), Is.EqualTo(QueueError.RingOutsideGuestMemory));
                Assert.That(Create(4, Indirect, end - 256, 4), Is.EqualTo(QueueError.None), "the last table ends at the last byte");
            }
        }

        [Test]
        public void IndirectArea_IsNotCheckedWhenIndirectIsNotNegotiated() =>
            Assert.That(Create(4, 0, SplitPair.IndirectArea + 8, 4), Is.EqualTo(QueueError.None));

        [TestCase(0UL, 0UL, 4, TestName = "Indirect not negotiated")]
        [TestCase(1UL, 0UL, 4, TestName = "No indirect area")]
        public void IndirectChains_AreRefusedUnlessNegotiatedWithAnArea(ulong negotiated, ulong area, int entries)
        {
            ulong features = negotiated == 0 ? 0 : Indirect;
            GuestMemory memory = GuestMemory.Allocate(SplitPair.Base, SplitPair.MemorySize);
            Assert.That(SplitQueueDriverEnd.TryCreate(memory, Config(4, features), out SplitQueueDriverEnd? driver, area == 0 ? 0 : SplitPair.IndirectArea, entries), Is.EqualTo(QueueError.None));
            Assert.That(driver!.TryAdd(SplitPair.Buffers(0, 1, 8), default, 0, true, out _), Is.EqualTo(QueueError.InvalidChain));
        }

        private static QueueError Create(ushort size, ulong features, ulong indirectArea, int entries)
        {
            GuestMemory memory = GuestMemory.Allocate(SplitPair.Base, SplitPair.MemorySize);
            return SplitQueueDriverEnd.TryCreate(memory, Config(size, features), out _, indirectArea, entries);
        }

        private static QueueConfiguration Config(ushort size, ulong features) =>
            new(size, SplitPair.Base, SplitPair.Base + 0x1000, SplitPair.Base + 0x2000, features);
    }
}
