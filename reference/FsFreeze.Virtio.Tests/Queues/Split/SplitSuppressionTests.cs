using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Virtio.Tests.Queues.Split
{
    /// <summary>How each end of the split ring asks the other to hold back notifications, and asks again (FF-RING-17, FF-RING-18).</summary>
    public sealed class SplitSuppressionTests
    {
        private static readonly ulong EventIdx = VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx);

        [Test]
        [Category("FF-RING-18")]
        public void DriverEnd_DisabledWithEventIdx_GetsNoInterruptForTheNextUsedBuffers()
        {
            var pair = new SplitPair(4, EventIdx);
            pair.Driver.DisableInterrupts();
            Assert.That(UsedEvent(pair), Is.EqualTo(ushort.MaxValue), "the index furthest behind");
            for (int i = 0; i < 3; i++)
            {
                Assert.That(pair.Driver.TryAdd(SplitPair.Buffers(i, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
                Assert.That(pair.Device.PushUsed(pair.Pop(), 0), Is.EqualTo(QueueError.None));
                Assert.That(pair.Device.NeedsInterrupt(), Is.False, $"used buffer {i}");
            }

            Assert.That(pair.Area(pair.Config.DriverArea, 2)[0], Is.Zero, "avail.flags stay 0 with EVENT_IDX");
            Assert.That(pair.Driver.EnableInterrupts(), Is.True, "three used buffers wait");
            Assert.That(UsedEvent(pair), Is.Zero, "asks about the next used entry it will read");
        }

        [Test]
        [Category("FF-RING-17")]
        public void DriverEnd_WithoutEventIdx_TogglesNoInterrupt()
        {
            var pair = new SplitPair(4);
            pair.Driver.DisableInterrupts();
            Assert.That(AvailFlags(pair), Is.EqualTo(SplitRingLayout.AvailFlagNoInterrupt));
            Assert.That(pair.Driver.EnableInterrupts(), Is.False);
            Assert.That(AvailFlags(pair), Is.Zero);
        }

        [Test]
        [Category("FF-RING-18")]
        public void DeviceEnd_EnableWithEventIdx_AsksAboutTheDriversCurrentIndex()
        {
            var pair = new SplitPair(4, EventIdx);
            pair.Device.DisableNotifications();
            Assert.That(pair.Area(pair.Config.DeviceArea, 2)[0], Is.Zero, "used.flags stay 0 with EVENT_IDX");
            Assert.That(pair.Driver.TryAdd(SplitPair.Buffers(0, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.TryAdd(SplitPair.Buffers(1, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.EnableNotifications(), Is.True, "two chains wait");
            Assert.That(AvailEvent(pair), Is.EqualTo(2));
        }

        [Test]
        [Category("FF-RING-17")]
        public void DeviceEnd_NeedsInterruptOnlyForWhatWasPushedSinceItLastAsked()
        {
            var pair = new SplitPair(4);
            Assert.That(pair.Device.NeedsInterrupt(), Is.False, "nothing pushed");
            Assert.That(pair.Driver.TryAdd(SplitPair.Buffers(0, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.PushUsed(pair.Pop(), 0), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.NeedsInterrupt(), Is.True);
            Assert.That(pair.Device.NeedsInterrupt(), Is.False, "already signalled");
        }

        private static ushort AvailFlags(SplitPair pair) =>
            RingAccess.ReadUInt16(pair.Area(pair.Config.DriverArea, 2), SplitRingLayout.AvailFlagsOffset);

        private static ushort UsedEvent(SplitPair pair) =>
            RingAccess.ReadUInt16(pair.Area(pair.Config.DriverArea, SplitRingLayout.AvailRingSize(4)), SplitRingLayout.UsedEventOffset(4));

        private static ushort AvailEvent(SplitPair pair) =>
            RingAccess.ReadUInt16(pair.Area(pair.Config.DeviceArea, SplitRingLayout.UsedRingSize(4)), SplitRingLayout.AvailEventOffset(4));
    
        [Test]
        [Category("FF-RING-18")]
        public void DeviceEnd_DisabledWithEventIdx_LeavesAvailEventBehind()
        {
            var pair = new SplitPair(4, EventIdx);
            pair.Device.DisableNotifications();
            Assert.That(pair.Device.NotificationsEnabled, Is.False);
            for (int i = 0; i < 2; i++)
            {
                Assert.That(pair.Driver.TryAdd(SplitPair.Buffers(i, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
                pair.Pop();
            }

            Assert.That(AvailEvent(pair), Is.Zero, "not re-armed by the pops");
            Assert.That(pair.Driver.NeedsNotification(), Is.True, "the two adds passed index 0");
            Assert.That(pair.Driver.TryAdd(SplitPair.Buffers(2, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.NeedsNotification(), Is.False, "avail_event 0 was passed long ago");
        }
    }
}
