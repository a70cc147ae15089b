using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;

namespace FsFreeze.Virtio.Tests.Queues.Packed
{
    /// <summary>
    /// The notification decisions as each end takes them (FF-RING-24): how far the end moved since it last asked,
    /// and where the other side's DESC event points.
    /// </summary>
    public sealed class PackedNotificationDecisionTests
    {
        private static readonly ulong EventIdx = VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx);
        private const ushort Desc = PackedRingLayout.EventFlagsDesc;

        [Test]
        [Category("FF-RING-24")]
        public void DeviceEnd_StartsEnabledAndReArmsItsEventOnEveryPop()
        {
            var pair = new PackedPair(4, EventIdx);
            Assert.That(pair.Device.NotificationsEnabled, Is.True);
            Assert.That(pair.Device.EnableNotifications(), Is.False);
            Assert.That(pair.DeviceEvent, Is.EqualTo((PackedRingLayout.OffWrap(0, true), Desc)));

            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 2, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.NeedsNotification(), Is.True, "slot 0 passed");
            pair.Pop();
            Assert.That(pair.DeviceEvent, Is.EqualTo((PackedRingLayout.OffWrap(2, true), Desc)), "re-armed past the chain");
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.NeedsNotification(), Is.True, "slot 2 passed");
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.NeedsNotification(), Is.False, "the device has not taken slot 2 yet: slot 3 is not the event");
            Assert.That(pair.Driver.NeedsNotification(), Is.False, "nothing added since the last decision");
        }

        [Test]
        [Category("FF-RING-24")]
        public void DeviceEnd_DisabledStopsReArming()
        {
            var pair = new PackedPair(4, EventIdx);
            pair.Device.DisableNotifications();
            Assert.That(pair.Device.NotificationsEnabled, Is.False);
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.NeedsNotification(), Is.False);
            pair.Pop();
            Assert.That(pair.DeviceEvent.Flags, Is.EqualTo(PackedRingLayout.EventFlagsDisable));
        }

        [Test]
        [Category("FF-RING-24")]
        public void DriverEnd_AFullLapOfAddsPassesTheEventAtItsStart()
        {
            // The device asks about slot 0 of lap 1; four one-slot chains on a ring of 4 end at slot 0 of lap 2.
            var pair = new PackedPair(4, EventIdx);
            Assert.That(pair.Device.EnableNotifications(), Is.False);
            for (int i = 0; i < 4; i++)
            {
                Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(i, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            }

            Assert.That((pair.Driver.NextAvailOffset, pair.Driver.AvailWrapCounter), Is.EqualTo((0, false)));
            Assert.That(pair.Driver.NeedsNotification(), Is.True);
        }

        [Test]
        [Category("FF-RING-24")]
        public void DeviceEnd_InterruptFollowsTheDriversDescEvent()
        {
            var pair = new PackedPair(4, EventIdx);
            Assert.That(pair.Driver.EnableInterrupts(), Is.False);
            Assert.That(pair.DriverEvent, Is.EqualTo((PackedRingLayout.OffWrap(0, true), Desc)));
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(1, 1, 8), default, 1, false, out _), Is.EqualTo(QueueError.None));
            ChainToken first = pair.Pop();
            ChainToken second = pair.Pop();
            Assert.That(pair.Device.PushUsed(first, 0), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.NeedsInterrupt(), Is.True, "slot 0 used");
            Assert.That(pair.Device.NeedsInterrupt(), Is.False, "nothing used since");
            Assert.That(pair.Device.PushUsed(second, 0), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.NeedsInterrupt(), Is.False, "the driver has not reclaimed slot 0: slot 1 is not its event");
        }

        [Test]
        [Category("FF-RING-24")]
        public void DeviceEnd_AFullLapOfUsedPassesTheEventAtItsStart()
        {
            var pair = new PackedPair(4, EventIdx);
            Assert.That(pair.Driver.EnableInterrupts(), Is.False);
            var held = new ChainToken[4];
            for (int i = 0; i < 4; i++)
            {
                Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(i, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
                held[i] = pair.Pop();
            }

            foreach (ChainToken token in held)
            {
                Assert.That(pair.Device.PushUsed(token, 0), Is.EqualTo(QueueError.None));
            }

            Assert.That(pair.Device.NeedsInterrupt(), Is.True);
        }

        [Test]
        [Category("FF-RING-24")]
        public void DeviceEnd_TwoLapsWithoutAskingAlwaysInterrupt()
        {
            // Two laps of used descriptors end where they started: the 15-bit offset alone cannot tell that the
            // event slot was passed twice, so a move longer than the ring always interrupts.
            var pair = new PackedPair(2, EventIdx);
            for (int i = 0; i < 4; i++)
            {
                Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(i, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
                Assert.That(pair.Device.PushUsed(pair.Pop(), 0), Is.EqualTo(QueueError.None));
                Assert.That(pair.Driver.TryReclaim(out _, out _), Is.True);
            }

            // As a driver that asked for slot 0 of the current lap, after the device's two laps.
            pair.WriteDriverEvent(PackedRingLayout.OffWrap(0, true), Desc);
            Assert.That((pair.Device.NextUsedOffset, pair.Device.UsedWrapCounter), Is.EqualTo((0, true)));
            Assert.That(pair.Device.NeedsInterrupt(), Is.True);
        }
    }
}
