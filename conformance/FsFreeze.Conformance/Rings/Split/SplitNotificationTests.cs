using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Conformance.Rings.Split
{
    /// <summary>
    /// Notification suppression on the split ring, checked field by field: the flags without EVENT_IDX, and the
    /// event indices with it, where every decision must equal <c>vring_need_event</c> over the fields in memory.
    /// </summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.SplitVirtqueues))]
    public sealed class SplitNotificationTests
    {
        private const ushort Size = 8;
        private static readonly ulong EventIdx = VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx);
        private readonly IVirtqueueImplementation _implementation;

        public SplitNotificationTests(IVirtqueueImplementation implementation) => _implementation = implementation;

        private static BufferSpec[] One(int slot) => new BufferSpec[] { new(RingHarness.Buffer(slot), 16) };

        [Test]
        [Requirement("FF-RING-17")]
        public void WithoutEventIdx_NoInterruptFlagSuppressesUsedNotifications()
        {
            var harness = new RingHarness(_implementation, Size, 0);
            var writer = new SplitRingWriter(harness.Memory, harness.Config);
            harness.Driver.DisableInterrupts();
            Assert.That(writer.ReadAvailFlags(), Is.EqualTo(SplitRingLayout.AvailFlagNoInterrupt), "driver writes NO_INTERRUPT");
            Assert.That(harness.Driver.TryAdd(default, One(0), 1, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(harness.Device.PushUsed(harness.PopOne(out _), 0), Is.EqualTo(QueueError.None));
            Assert.That(harness.Device.NeedsInterrupt(), Is.False);

            Assert.That(harness.Driver.EnableInterrupts(), Is.True, "a completion is already pending");
            Assert.That(writer.ReadAvailFlags(), Is.Zero);
            Assert.That(harness.Driver.TryAdd(default, One(1), 2, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(harness.Device.PushUsed(harness.PopOne(out _), 0), Is.EqualTo(QueueError.None));
            Assert.That(harness.Device.NeedsInterrupt(), Is.True);
        }

        [Test]
        [Requirement("FF-RING-17")]
        public void WithoutEventIdx_NoNotifyFlagSuppressesAvailableNotifications()
        {
            var harness = new RingHarness(_implementation, Size, 0);
            var writer = new SplitRingWriter(harness.Memory, harness.Config);
            harness.Device.DisableNotifications();
            Assert.That(writer.ReadUsedFlags(), Is.EqualTo(SplitRingLayout.UsedFlagNoNotify), "device writes NO_NOTIFY");
            Assert.That(harness.Driver.TryAdd(One(0), default, 1, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(harness.Driver.NeedsNotification(), Is.False);

            Assert.That(harness.Device.EnableNotifications(), Is.True, "a chain is already available");
            Assert.That(writer.ReadUsedFlags(), Is.Zero);
            Assert.That(harness.Driver.TryAdd(One(1), default, 2, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(harness.Driver.NeedsNotification(), Is.True);
        }

        [Test]
        [Requirement("FF-RING-18")]
        public void WithEventIdx_FlagsStayZero()
        {
            var harness = new RingHarness(_implementation, Size, EventIdx);
            var writer = new SplitRingWriter(harness.Memory, harness.Config);
            harness.Driver.DisableInterrupts();
            harness.Device.DisableNotifications();
            Assert.Multiple(() =>
            {
                Assert.That(writer.ReadAvailFlags(), Is.Zero, "with EVENT_IDX the driver MUST leave avail.flags 0");
                Assert.That(writer.ReadUsedFlags(), Is.Zero, "with EVENT_IDX the device MUST leave used.flags 0");
            });
        }

        [TestCase((ushort)0, 1)]
        [TestCase((ushort)0, 3)]
        [TestCase((ushort)2, 1)]
        [TestCase((ushort)2, 4)]
        [TestCase((ushort)5, 2)]
        [TestCase((ushort)65535, 3)]
        [Requirement("FF-RING-18")]
        public void WithEventIdx_UsedNotificationFollowsUsedEvent(ushort usedEvent, int batch)
        {
            var harness = new RingHarness(_implementation, Size, EventIdx);
            var writer = new SplitRingWriter(harness.Memory, harness.Config);
            ushort old = 0;
            for (int round = 0; round < 6; round++)
            {
                for (int i = 0; i < batch; i++)
                {
                    Assert.That(harness.Driver.TryAdd(default, One(i), (ulong)i, false, out _), Is.EqualTo(QueueError.None));
                    Assert.That(harness.Device.PushUsed(harness.PopOne(out _), 0), Is.EqualTo(QueueError.None));
                }

                // The suite, as driver, pins used_event; the device's decision must be the formula's.
                writer.UsedEvent(usedEvent);
                ushort now = writer.ReadUsedIdx();
                Assert.That(harness.Device.NeedsInterrupt(), Is.EqualTo(EventIndex.NeedEvent(usedEvent, now, old)), $"round {round}: used idx {old} -> {now}, used_event {usedEvent}");
                old = now;
                while (harness.Driver.TryReclaim(out _, out _))
                {
                }

                writer.UsedEvent(usedEvent);
            }
        }

        [TestCase(1)]
        [TestCase(2)]
        [TestCase(5)]
        [Requirement("FF-RING-18")]
        public void WithEventIdx_AvailableNotificationFollowsAvailEvent(int batch)
        {
            var harness = new RingHarness(_implementation, Size, EventIdx);
            var writer = new SplitRingWriter(harness.Memory, harness.Config);
            ushort old = 0;
            for (int round = 0; round < 6; round++)
            {
                if (round % 2 == 0)
                {
                    Assert.That(harness.Device.EnableNotifications(), Is.False);
                }

                ushort availEvent = writer.ReadAvailEvent();
                for (int i = 0; i < batch; i++)
                {
                    Assert.That(harness.Driver.TryAdd(One(i), default, (ulong)i, false, out _), Is.EqualTo(QueueError.None));
                }

                ushort now = (ushort)(old + batch);
                Assert.That(harness.Driver.NeedsNotification(), Is.EqualTo(EventIndex.NeedEvent(availEvent, now, old)), $"round {round}: avail idx {old} -> {now}, avail_event {availEvent}");
                old = now;
                for (int i = 0; i < batch; i++)
                {
                    Assert.That(harness.Device.PushUsed(harness.PopOne(out _), 0), Is.EqualTo(QueueError.None));
                    Assert.That(harness.Driver.TryReclaim(out _, out _), Is.True);
                }
            }
        }
    }
}
