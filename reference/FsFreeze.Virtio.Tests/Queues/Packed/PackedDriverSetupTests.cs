using System;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;

namespace FsFreeze.Virtio.Tests.Queues.Packed
{
    /// <summary>What the packed driver end does when it is created: the ring and both event structures start zeroed.</summary>
    public sealed class PackedDriverSetupTests
    {
        [Test]
        [Category("FF-RING-22")]
        [Category("FF-RING-24")]
        public void Creation_ZeroesTheRingAndBothEventStructures()
        {
            // Stale memory: every slot looks available (AVAIL 1, USED 0) and used (AVAIL = USED = 1) by turns, and
            // both event structures say DISABLE.
            var pair = new PackedPair(4, beforeCreate: (memory, config) =>
            {
                Assert.That(memory.TryGetSpan(config.DescriptorArea, PackedRingLayout.DescriptorRingSize(4), out Span<byte> ring), Is.True);
                for (int slot = 0; slot < 4; slot++)
                {
                    DescriptorFlags stale = slot % 2 == 0 ? DescriptorFlags.Avail : DescriptorFlags.Avail | DescriptorFlags.Used;
                    RingAccess.WriteUInt16(ring, PackedRingLayout.DescriptorOffset(slot) + PackedRingLayout.DescriptorFlagsOffset, (ushort)stale);
                    RingAccess.WriteUInt32(ring, PackedRingLayout.DescriptorOffset(slot) + PackedRingLayout.DescriptorLengthOffset, 64);
                }

                Assert.That(memory.TryWriteUInt16(config.DriverArea + PackedRingLayout.EventFlagsOffset, PackedRingLayout.EventFlagsDisable), Is.True);
                Assert.That(memory.TryWriteUInt16(config.DeviceArea + PackedRingLayout.EventFlagsOffset, PackedRingLayout.EventFlagsDisable), Is.True);
            });

            using (Assert.EnterMultipleScope())
            {
                Assert.That(pair.Ring[..PackedRingLayout.DescriptorRingSize(4)].IndexOfAnyExcept((byte)0), Is.EqualTo(-1), "descriptor ring");
                Assert.That(pair.DriverEvent, Is.EqualTo(((ushort)0, PackedRingLayout.EventFlagsEnable)));
                Assert.That(pair.DeviceEvent, Is.EqualTo(((ushort)0, PackedRingLayout.EventFlagsEnable)));
                Assert.That(pair.Device.HasAvailable(), Is.False);
                Assert.That(pair.Driver.HasUsed(), Is.False);
            }

            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.NeedsNotification(), Is.True, "the Device Area says ENABLE");
            Assert.That(pair.Device.PushUsed(pair.Pop(), 0), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.NeedsInterrupt(), Is.True, "the Driver Area says ENABLE");
        }

        [TestCase(false, true, 4, TestName = "Indirect not negotiated")]
        [TestCase(true, false, 4, TestName = "No indirect area")]
        [TestCase(true, true, 0, TestName = "No indirect entries")]
        [Category("FF-RING-10")]
        public void IndirectChains_NeedTheFeatureAnAreaAndEntries(bool negotiated, bool withArea, int entries)
        {
            GuestMemory memory = GuestMemory.Allocate(PackedPair.Base, 4 << 20);
            ulong features = VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked) | (negotiated ? VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc) : 0);
            var config = new QueueConfiguration(4, PackedPair.Base, PackedPair.Base + 64, PackedPair.Base + 68, features);
            Assert.That(PackedQueueDriverEnd.TryCreate(memory, config, out PackedQueueDriverEnd? driver, withArea ? PackedPair.IndirectArea : 0, entries), Is.EqualTo(QueueError.None));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(driver!.TryAdd(PackedPair.Buffers(0, 1, 8), default, 0, true, out _), Is.EqualTo(QueueError.InvalidChain));
                Assert.That(driver.FreeCount, Is.EqualTo(4));
            }
        }

        [Test]
        [Category("FF-RING-12")]
        public void IndirectAreaOutsideGuestMemory_IsRefused()
        {
            GuestMemory memory = GuestMemory.Allocate(PackedPair.Base, 4 << 20);
            var config = new QueueConfiguration(4, PackedPair.Base, PackedPair.Base + 64, PackedPair.Base + 68, VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked) | VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc));
            Assert.That(PackedQueueDriverEnd.TryCreate(memory, config, out PackedQueueDriverEnd? driver, PackedPair.Base + (4 << 20) - 16, 4), Is.EqualTo(QueueError.RingOutsideGuestMemory));
            Assert.That(driver, Is.Null);
        }
    }
}
