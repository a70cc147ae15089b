using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;

namespace FsFreeze.Virtio.Tests.Queues.Packed
{
    public sealed class PackedQueueCreationTests
    {
        private const ulong Base = 0x1000;
        private static readonly ulong Features = VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked);

        private static QueueError Both(ushort size, ulong descriptors, ulong driverArea, ulong deviceArea)
        {
            GuestMemory memory = GuestMemory.Allocate(Base, 1 << 20);
            var config = new QueueConfiguration(size, descriptors, driverArea, deviceArea, Features);
            QueueError device = PackedQueueDeviceEnd.TryCreate(memory, config, out _);
            QueueError driver = PackedQueueDriverEnd.TryCreate(memory, config, out _);
            Assert.That(driver, Is.EqualTo(device), "both ends validate alike");
            return device;
        }

        [TestCase((ushort)1)]
        [TestCase((ushort)3)]
        [TestCase((ushort)255)]
        [TestCase((ushort)32768)]
        public void TryCreate_AcceptsAnySizeUpTo32768(ushort size) =>
            Assert.That(Both(size, Base, Base + (16UL * size), Base + (16UL * size) + 4), Is.EqualTo(QueueError.None));

        [Test]
        public void TryCreate_RefusesSizeZero() =>
            Assert.That(Both(0, Base, Base + 0x1000, Base + 0x1004), Is.EqualTo(QueueError.InvalidQueueSize));

        [TestCase(8UL, 0x1000UL, 0x1004UL)]
        [TestCase(0UL, 0x1002UL, 0x1004UL)]
        [TestCase(0UL, 0x1000UL, 0x1006UL)]
        public void TryCreate_RefusesMisalignedAreas(ulong descriptors, ulong driverArea, ulong deviceArea) =>
            Assert.That(Both(8, Base + descriptors, Base + driverArea, Base + deviceArea), Is.EqualTo(QueueError.MisalignedRing));

        [Test]
        public void TryCreate_RefusesAreasOutsideGuestMemory() =>
            Assert.That(Both(8, Base, Base + (1 << 20), Base + 0x1000), Is.EqualTo(QueueError.RingOutsideGuestMemory));

        [Test]
        public void DriverEnd_ZeroesTheRingAndStartsBothWrapCountersAtOne()
        {
            var pair = new PackedPair(5);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(pair.Driver.AvailWrapCounter, Is.True);
                Assert.That(pair.Driver.UsedWrapCounter, Is.True);
                Assert.That(pair.Device.AvailWrapCounter, Is.True);
                Assert.That(pair.Device.UsedWrapCounter, Is.True);
                Assert.That(pair.Device.HasAvailable(), Is.False);
                Assert.That(pair.Driver.HasUsed(), Is.False);
                Assert.That(pair.Driver.FreeCount, Is.EqualTo(5));
            }
        }
    }
}
