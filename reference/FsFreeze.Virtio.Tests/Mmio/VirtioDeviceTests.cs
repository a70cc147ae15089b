using System;
using System.Linq;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Virtio.Tests.Mmio
{
    [TestFixture]
    public sealed class VirtioDeviceTests
    {
        [Test]
        public void Version1_IsAlwaysOffered()
        {
            var device = new ProbeDevice(0x5);

            Assert.That(device.DeviceFeatures, Is.EqualTo(0x5 | VirtioFeatureBit.Mask(VirtioFeatureBit.Version1)));
        }

        [TestCase(VirtioFeatureBit.IndirectDesc)]
        [TestCase(VirtioFeatureBit.EventIdx)]
        [TestCase(VirtioFeatureBit.RingPacked)]
        public void ImplementedTransportFeatures_MayBeOffered(int bit)
        {
            var device = new ProbeDevice(VirtioFeatureBit.Mask(bit));

            Assert.That(VirtioFeatureBit.IsSet(device.DeviceFeatures, bit), Is.True);
        }

        [Test]
        public void QueueSizeMaxZeroOrAbove32768_IsRejected()
        {
            Assert.That(() => new ProbeDevice(0, 8, 16, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new ProbeDevice(0, 8, 40000), Throws.TypeOf<ArgumentOutOfRangeException>());
        }

        [TestCase(-1)]
        [TestCase(VirtioDevice.MaxConfigSize + 1)]
        public void ConfigSizeOutOfRange_IsRejected(int size)
        {
            Assert.That(() => new ProbeDevice(0, size), Throws.TypeOf<ArgumentOutOfRangeException>());
        }

        [Test]
        public void ConfigSize_OfExactlyTheMaximum_IsAccepted() =>
            Assert.That(new ProbeDevice(0, VirtioDevice.MaxConfigSize).ConfigSize, Is.EqualTo(VirtioDevice.MaxConfigSize));

        [Test]
        public void GetQueueSizeMax_OutOfRange_IsZero()
        {
            var device = new ProbeDevice(0, 8, 32, 64);

            Assert.That(new[] { device.GetQueueSizeMax(0), device.GetQueueSizeMax(1), device.GetQueueSizeMax(2), device.GetQueueSizeMax(-1) }, Is.EqualTo(new ushort[] { 32, 64, 0, 0 }));
            Assert.That(device.QueueCount, Is.EqualTo(2));
        }

        [Test]
        public void RegisterTable_IsSortedUniqueAndAligned()
        {
            var offsets = MmioRegister.All.Select(r => r.Offset).ToArray();

            Assert.That(offsets, Is.Ordered.And.Unique);
            Assert.That(offsets.All(o => o % 4 == 0), Is.True);
            Assert.That(MmioRegister.All.Select(r => r.Name), Is.Unique);
            Assert.That(MmioRegister.All, Has.Count.EqualTo(30));
            Assert.That(MmioRegister.All.Single(r => r.Name == "QueueSizeMax").LinuxName, Is.EqualTo("VIRTIO_MMIO_QUEUE_NUM_MAX"));
            Assert.That(MmioRegister.All.Single(r => r.Name == "QueueDriverLow").LinuxName, Is.EqualTo("VIRTIO_MMIO_QUEUE_AVAIL_LOW"));
            Assert.That(MmioRegister.All.Single(r => r.Name == "QueueReset").LinuxName, Is.Null);
            Assert.That(MmioRegister.All.Single(r => r.Name == "InterruptACK").AccessText, Is.EqualTo("W"));
        }
    }
}
