using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Virtio.Tests.Mmio
{
    [TestFixture]
    public sealed class QueueFactoryTests
    {
        private static readonly ulong Version1 = VirtioFeatureBit.Mask(VirtioFeatureBit.Version1);
        private static readonly ulong Packed = VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked);

        [Test]
        public void Split_CreatesSplitEnds()
        {
            var memory = GuestMemory.Allocate(0, 1 << 16);
            var config = new QueueConfiguration(8, 0, 0x100, 0x200, Version1);

            Assert.That(DriverQueueFactory.TryCreate(memory, config, 0, 0, out IDriverQueue? driver), Is.EqualTo(QueueError.None));
            Assert.That(DeviceQueueFactory.TryCreate(memory, config, out IDeviceQueue? device), Is.EqualTo(QueueError.None));
            Assert.That(driver, Is.TypeOf<SplitQueueDriverEnd>());
            Assert.That(device, Is.TypeOf<SplitQueueDeviceEnd>());
        }

        [Test]
        public void Split_PassesSetupErrorsThrough()
        {
            var memory = GuestMemory.Allocate(0, 1 << 16);
            var config = new QueueConfiguration(8, 8, 0x100, 0x200, Version1);

            Assert.That(DeviceQueueFactory.TryCreate(memory, config, out IDeviceQueue? device), Is.EqualTo(QueueError.MisalignedRing));
            Assert.That(device, Is.Null);
        }

        [Test]
        public void Packed_CreatesPackedEnds()
        {
            var memory = GuestMemory.Allocate(0, 1 << 16);
            var config = new QueueConfiguration(8, 0, 0x100, 0x200, Version1 | Packed);

            Assert.That(DeviceQueueFactory.TryCreate(memory, config, out IDeviceQueue? device), Is.EqualTo(QueueError.None));
            Assert.That(DriverQueueFactory.TryCreate(memory, config, 0, 0, out IDriverQueue? driver), Is.EqualTo(QueueError.None));
            Assert.That(device, Is.TypeOf<FsFreeze.Virtio.Queues.Packed.PackedQueueDeviceEnd>());
            Assert.That(driver, Is.TypeOf<FsFreeze.Virtio.Queues.Packed.PackedQueueDriverEnd>());
        }

        [Test]
        public void VirtqueueAreas_MatchTheSpecSizes()
        {
            VirtqueueAreas split = VirtqueueAreas.For(false, 256);
            VirtqueueAreas packed = VirtqueueAreas.For(true, 256);

            Assert.Multiple(() =>
            {
                Assert.That((split.DescriptorBytes, split.DescriptorAlignment), Is.EqualTo((4096UL, 16UL)));
                Assert.That((split.DriverBytes, split.DriverAlignment), Is.EqualTo((518UL, 2UL)));
                Assert.That((split.DeviceBytes, split.DeviceAlignment), Is.EqualTo((2054UL, 4UL)));
                Assert.That((packed.DescriptorBytes, packed.DescriptorAlignment), Is.EqualTo((4096UL, 16UL)));
                Assert.That((packed.DriverBytes, packed.DriverAlignment), Is.EqualTo((4UL, 4UL)));
                Assert.That((packed.DeviceBytes, packed.DeviceAlignment), Is.EqualTo((4UL, 4UL)));
            });
        }
    }
}
