using System;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Devices.Samples;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Transport
{
    /// <summary>Feature windows and negotiation.</summary>
    [TestFixture]
    public sealed class MmioFeatureTests
    {
        private const ulong DeviceBits = 0b1010_0101UL | (1UL << 23);
        private static readonly ulong EventIdx = VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx);

        [Test]
        [Requirement("FF-MMIO-4")]
        public void DeviceFeatures_ShowsTheSelectedWindow()
        {
            var bench = new MmioBench(DeviceBits | EventIdx);
            ulong offered = bench.Device.DeviceFeatures;

            bench.Write(MmioRegister.DeviceFeaturesSel, 0);
            uint low = bench.Read(MmioRegister.DeviceFeatures);
            bench.Write(MmioRegister.DeviceFeaturesSel, 1);
            uint high = bench.Read(MmioRegister.DeviceFeatures);
            bench.Write(MmioRegister.DeviceFeaturesSel, 2);
            uint beyond = bench.Read(MmioRegister.DeviceFeatures);

            Assert.Multiple(() =>
            {
                Assert.That(low, Is.EqualTo((uint)offered));
                Assert.That(high, Is.EqualTo((uint)(offered >> 32)));
                Assert.That(high & 1, Is.EqualTo(1u), "VERSION_1 is bit 0 of the high window");
                Assert.That(beyond, Is.Zero);
            });
        }

        [Test]
        [Requirement("FF-MMIO-4")]
        public void DriverFeatures_WritesTheSelectedWindow_AndIgnoresWindowsBeyond63()
        {
            var bench = new MmioBench(DeviceBits);

            bench.Write(MmioRegister.DriverFeaturesSel, 0);
            bench.Write(MmioRegister.DriverFeatures, 0x5);
            bench.Write(MmioRegister.DriverFeaturesSel, 1);
            bench.Write(MmioRegister.DriverFeatures, 0x1);
            bench.Write(MmioRegister.DriverFeaturesSel, 2);
            bench.Write(MmioRegister.DriverFeatures, 0xFFFF_FFFF);

            Assert.That(bench.Transport.DriverFeatures, Is.EqualTo(0x1_0000_0005UL));
        }

        [Test]
        [Requirement("FF-INIT-4")]
        public void Device_OffersVersion1()
        {
            var bench = new MmioBench(0);

            bench.Write(MmioRegister.DeviceFeaturesSel, 1);

            Assert.That(bench.Read(MmioRegister.DeviceFeatures) & 1, Is.EqualTo(1u));
        }

        [Test]
        [Requirement("FF-INIT-4")]
        public void FeaturesOk_ValidSubset_IsAccepted()
        {
            var bench = new MmioBench(DeviceBits | EventIdx);

            bench.Negotiate(MmioBench.Version1 | 0x5 | EventIdx);

            Assert.That(bench.Status & DeviceStatus.FeaturesOk, Is.EqualTo(DeviceStatus.FeaturesOk));
            Assert.That(bench.Transport.NegotiatedFeatures, Is.EqualTo(MmioBench.Version1 | 0x5 | EventIdx));
        }

        [Test]
        [Requirement("FF-INIT-4")]
        public void FeaturesOk_WithoutVersion1_IsLeftClear()
        {
            var bench = new MmioBench(DeviceBits);

            bench.Negotiate(0x5);

            Assert.That(bench.Status, Is.EqualTo(DeviceStatus.Acknowledge | DeviceStatus.Driver));
        }

        [TestCase(1UL << 1)]
        [TestCase(1UL << 29)]
        [TestCase(1UL << 40)]
        [TestCase(1UL << 63)]
        [Requirement("FF-INIT-4")]
        public void FeaturesOk_WithABitNotOffered_IsLeftClear(ulong extra)
        {
            var bench = new MmioBench(DeviceBits);

            bench.Negotiate(MmioBench.Version1 | extra);

            Assert.That(bench.Status, Is.EqualTo(DeviceStatus.Acknowledge | DeviceStatus.Driver));
        }

        [Test]
        [Requirement("FF-INIT-4")]
        public void FeaturesOk_CombinationTheDeviceRefuses_IsLeftClear()
        {
            var device = new PickyDevice();
            IMmioRegisterFile transport = Implementations.MmioTransport().Create(device, GuestMemory.Allocate(0, 4096), null).Registers;
            transport.Write(MmioRegister.Status, 4, 3);
            transport.Write(MmioRegister.DriverFeaturesSel, 4, 0);
            transport.Write(MmioRegister.DriverFeatures, 4, 0b11);
            transport.Write(MmioRegister.DriverFeaturesSel, 4, 1);
            transport.Write(MmioRegister.DriverFeatures, 4, 1);
            transport.Write(MmioRegister.Status, 4, 3 | 8);
            DeviceStatus refused = (DeviceStatus)transport.Read(MmioRegister.Status, 4);

            transport.Write(MmioRegister.DriverFeaturesSel, 4, 0);
            transport.Write(MmioRegister.DriverFeatures, 4, 0b01);
            transport.Write(MmioRegister.Status, 4, 3 | 8);
            DeviceStatus accepted = (DeviceStatus)transport.Read(MmioRegister.Status, 4);

            Assert.That(refused & DeviceStatus.FeaturesOk, Is.EqualTo(DeviceStatus.None));
            Assert.That(accepted & DeviceStatus.FeaturesOk, Is.EqualTo(DeviceStatus.FeaturesOk));
        }

        [Test]
        [Requirement("FF-INIT-5")]
        public void DriverFeatures_AfterFeaturesOk_AreFrozen()
        {
            var bench = new MmioBench(DeviceBits);
            bench.Negotiate(MmioBench.Version1 | 0x1);

            bench.WriteDriverFeatures(MmioBench.Version1 | 0x5);

            Assert.Multiple(() =>
            {
                Assert.That(bench.Transport.NegotiatedFeatures, Is.EqualTo(MmioBench.Version1 | 0x1));
                Assert.That(bench.Transport.DriverFeatures, Is.EqualTo(MmioBench.Version1 | 0x1));
            });
        }

        [TestCase(24)]
        [TestCase(27)]
        [TestCase(35)]
        [TestCase(40)]
        [TestCase(41)]
        [TestCase(50)]
        [TestCase(63)]
        [Requirement("FF-INIT-11")]
        public void DeviceType_DeclaringBitsOutsideTheDeviceRange_IsRejected(int bit)
        {
            Assert.That(() => new EchoDevice(1, VirtioFeatureBit.Mask(bit)), Throws.TypeOf<ArgumentOutOfRangeException>());
        }

        [Test]
        [Requirement("FF-INIT-11")]
        public void DeviceType_DeclaringBits0To23_IsAccepted()
        {
            var device = new EchoDevice(1, VirtioDevice.DeviceSpecificFeatureMask);

            Assert.That(device.DeviceFeatures, Is.EqualTo(VirtioDevice.DeviceSpecificFeatureMask | MmioBench.Version1));
        }

        /// <summary>Offers bits 0 and 1 but supports them only one at a time.</summary>
        private sealed class PickyDevice : VirtioDevice
        {
            public PickyDevice()
                : base(1, 0, 0b11, new ushort[] { 8 }, 0)
            {
            }

            protected override void ReadConfig(int offset, Span<byte> destination)
            {
            }

            protected override bool AcceptFeatures(ulong driverFeatures) => (driverFeatures & 0b11) != 0b11;
        }
    }
}
