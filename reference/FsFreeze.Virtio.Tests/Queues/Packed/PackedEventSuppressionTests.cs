using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;

namespace FsFreeze.Virtio.Tests.Queues.Packed
{
    public sealed class PackedEventSuppressionTests
    {
        private const ushort Enable = PackedRingLayout.EventFlagsEnable;
        private const ushort Disable = PackedRingLayout.EventFlagsDisable;
        private const ushort Desc = PackedRingLayout.EventFlagsDesc;
        private static readonly ulong EventIdx = VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx);

        [TestCase(Enable, true)]
        [TestCase(Disable, false)]
        [TestCase((ushort)3, true)]
        public void FlagsOtherThanDesc_DecideAlone(ushort flags, bool expected) =>
            Assert.That(PackedEventSuppression.NeedsEvent(flags, 0x8000, true, 8, 3, true, 1), Is.EqualTo(expected));

        [Test]
        public void DescWithoutEventIdx_StillNotifies() =>
            Assert.That(PackedEventSuppression.NeedsEvent(Desc, 0x8007, false, 8, 3, true, 1), Is.True);

        [Test]
        public void NothingMoved_NeverNotifies() =>
            Assert.That(PackedEventSuppression.NeedsEvent(Enable, 0, false, 8, 3, true, 0), Is.False);

        // Size 5. Each case: event (offset, wrap), move ending at (newOffset, newWrap) of `moved` slots.
        [TestCase(2, true, 3, true, 1, true, TestName = "Event at the slot just passed")]
        [TestCase(3, true, 3, true, 1, false, TestName = "Event at the next slot")]
        [TestCase(0, true, 3, true, 3, true, TestName = "Event at the first slot of the move")]
        [TestCase(4, true, 1, false, 3, true, TestName = "Event in the previous lap inside a move that wraps")]
        [TestCase(2, true, 1, false, 3, false, TestName = "Event in the previous lap before the move")]
        [TestCase(0, false, 1, false, 3, true, TestName = "Event in this lap inside a move that wraps")]
        [TestCase(1, false, 1, false, 3, false, TestName = "Event in this lap after the move")]
        [TestCase(1, true, 1, false, 5, true, TestName = "A full lap passes every slot once")]
        [TestCase(1, false, 1, false, 5, false, TestName = "A full lap ends just before this lap's slot")]
        [TestCase(3, false, 1, false, 6, true, TestName = "More than a lap always notifies")]
        public void DescDecision_AdjustsForTheWrapCounter(int eventOffset, bool eventWrap, int newOffset, bool newWrap, int moved, bool expected) =>
            Assert.That(PackedEventSuppression.NeedsEvent(Desc, PackedRingLayout.OffWrap(eventOffset, eventWrap), true, 5, newOffset, newWrap, moved), Is.EqualTo(expected));

        [Test]
        public void DeviceEnd_EnableWithEventIdx_WritesNextAvailSlotThenDesc()
        {
            var pair = new PackedPair(3, EventIdx);
            for (int i = 0; i < 4; i++)
            {
                Assert.That(pair.Driver.TryAdd(default, PackedPair.Buffers(i, 1, 8), 0, false, out _), Is.EqualTo(QueueError.None));
                Assert.That(pair.Device.PushUsed(pair.Pop(), 0), Is.EqualTo(QueueError.None));
                Assert.That(pair.Driver.TryReclaim(out _, out _), Is.True);
            }

            pair.Device.DisableNotifications();
            Assert.That(DeviceArea(pair).Flags, Is.EqualTo(Disable));
            Assert.That(pair.Device.EnableNotifications(), Is.False);
            Assert.That(DeviceArea(pair), Is.EqualTo((PackedRingLayout.OffWrap(1, false), Desc)), "slot 1 of lap 2");
        }

        [Test]
        public void DriverEnd_ReclaimMovesTheUsedEventAlong()
        {
            var pair = new PackedPair(3, EventIdx);
            Assert.That(pair.Driver.EnableInterrupts(), Is.False);
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 2, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.PushUsed(pair.Pop(), 0), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.NeedsInterrupt(), Is.True);
            Assert.That(pair.Driver.TryReclaim(out _, out _), Is.True);
            Assert.That(DriverArea(pair), Is.EqualTo((PackedRingLayout.OffWrap(2, true), Desc)));
            pair.Driver.DisableInterrupts();
            Assert.That(DriverArea(pair).Flags, Is.EqualTo(Disable));
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.PushUsed(pair.Pop(), 0), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.NeedsInterrupt(), Is.False);
            Assert.That(pair.Driver.EnableInterrupts(), Is.True, "a used descriptor is pending");
        }

        [Test]
        public void EnableNotifications_ReportsChainsThatArrivedMeanwhile()
        {
            var pair = new PackedPair(4);
            pair.Device.DisableNotifications();
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.NeedsNotification(), Is.False);
            Assert.That(pair.Device.EnableNotifications(), Is.True);
            Assert.That(DeviceArea(pair).Flags, Is.EqualTo(Enable));
        }

        private static (ushort OffWrap, ushort Flags) DeviceArea(PackedPair pair) => Read(pair, pair.Config.DeviceArea);

        private static (ushort OffWrap, ushort Flags) DriverArea(PackedPair pair) => Read(pair, pair.Config.DriverArea);

        private static (ushort OffWrap, ushort Flags) Read(PackedPair pair, ulong area)
        {
            Assert.That(pair.Memory.TryGetSpan(area, 4, out System.Span<byte> span), Is.True);
            return (RingAccess.ReadUInt16(span, 0), RingAccess.ReadUInt16(span, 2));
        }
    }
}
