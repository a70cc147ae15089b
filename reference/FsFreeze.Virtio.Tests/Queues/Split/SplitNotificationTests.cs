using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Virtio.Tests.Queues.Split
{
    /// <summary>Notification decisions of the split ring that the conformance cases do not reach.</summary>
    public sealed class SplitNotificationTests
    {
        private static readonly ulong EventIdx = VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx);

        [Test]
        [Category("FF-RING-18")]
        public void DeviceEnd_StartsWithNotificationsEnabled_AndAsksForTheNextEntryOnEachPop()
        {
            var pair = new SplitPair(4, EventIdx);
            Assert.That(pair.Device.NotificationsEnabled, Is.True);
            Assert.That(pair.Driver.TryAdd(SplitPair.Buffers(0, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.TryAdd(SplitPair.Buffers(1, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            pair.Pop();
            Assert.That(AvailEvent(pair), Is.EqualTo(1), "avail_event follows the pops without an EnableNotifications call");
            pair.Pop();
            Assert.That(AvailEvent(pair), Is.EqualTo(2));
        }

        [Test]
        [Category("FF-RING-18")]
        public void DriverEnd_NotifiesAfter65535AddsWhateverAvailEventSays()
        {
            // The 16-bit window of vring_need_event cannot tell 65535 adds from none once the device has caught up
            // (avail_event == new index): a driver that added that many without asking MUST notify (Linux kicks at
            // num_added == 65535 for the same reason).
            var pair = new SplitPair(1, EventIdx);
            BufferSpec[] buffer = SplitPair.Buffers(0, 1, 8);
            for (int i = 0; i < ushort.MaxValue; i++)
            {
                pair.Driver.TryAdd(buffer, default, 0, false, out _);
                pair.Device.TryPop(pair.Storage, out DescriptorChain chain, out _);
                pair.Device.PushUsed(new ChainToken(chain.Id, chain.DescriptorCount, 0), 0);
                pair.Driver.TryReclaim(out _, out _);
            }

            Assert.That(pair.Device.Error, Is.EqualTo(QueueError.None));
            Assert.That(AvailEvent(pair), Is.EqualTo(pair.Driver.AvailIndex), "the device caught up");
            Assert.That(pair.Driver.NeedsNotification(), Is.True);
            Assert.That(pair.Driver.NeedsNotification(), Is.False, "nothing added since");
        }

        private static ushort AvailEvent(SplitPair pair) =>
            RingAccess.ReadUInt16(pair.Area(pair.Config.DeviceArea, SplitRingLayout.UsedRingSize(pair.Config.Size)), SplitRingLayout.AvailEventOffset(pair.Config.Size));
    }
}
