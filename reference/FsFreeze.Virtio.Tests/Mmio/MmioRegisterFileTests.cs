using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Virtio.Tests.Mmio
{
    /// <summary>
    /// What <see cref="MmioRegisterFile"/> answers for every register file (virtio 1.4 "MMIO Device Register Layout",
    /// Linux &lt;linux/virtio_mmio.h&gt;): the fixed registers, the access rule of FF-MMIO-3 and the feature windows of
    /// FF-MMIO-4, seen through the reference transport.
    /// </summary>
    [TestFixture]
    public sealed class MmioRegisterFileTests
    {
        /// <summary>Device-specific bits 0, 1, 21 and 23: window 0 reads them, window 1 reads VERSION_1 (bit 32).</summary>
        private const ulong Features = 0x00A0_0003UL;

        [Test]
        [Category("FF-MMIO-1")]
        public void Offsets_AreThoseOfTheSpecAndLinux()
        {
            // VIRTIO_MMIO_* in <linux/virtio_mmio.h>, the virtio 1.2 section 4.2.2 table.
            Assert.That(MmioRegister.MagicValue, Is.EqualTo(0x000ul));
            Assert.That(MmioRegister.Version, Is.EqualTo(0x004ul));
            Assert.That(MmioRegister.DeviceId, Is.EqualTo(0x008ul));
            Assert.That(MmioRegister.VendorId, Is.EqualTo(0x00cul));
            Assert.That(MmioRegister.DeviceFeatures, Is.EqualTo(0x010ul));
            Assert.That(MmioRegister.DeviceFeaturesSel, Is.EqualTo(0x014ul));
            Assert.That(MmioRegister.DriverFeatures, Is.EqualTo(0x020ul));
            Assert.That(MmioRegister.DriverFeaturesSel, Is.EqualTo(0x024ul));
            Assert.That(MmioRegister.QueueSel, Is.EqualTo(0x030ul));
            Assert.That(MmioRegister.QueueSizeMax, Is.EqualTo(0x034ul));
            Assert.That(MmioRegister.QueueSize, Is.EqualTo(0x038ul));
            Assert.That(MmioRegister.QueueReady, Is.EqualTo(0x044ul));
            Assert.That(MmioRegister.QueueNotify, Is.EqualTo(0x050ul));
            Assert.That(MmioRegister.InterruptStatus, Is.EqualTo(0x060ul));
            Assert.That(MmioRegister.InterruptAck, Is.EqualTo(0x064ul));
            Assert.That(MmioRegister.Status, Is.EqualTo(0x070ul));
            Assert.That(MmioRegister.QueueDescLow, Is.EqualTo(0x080ul));
            Assert.That(MmioRegister.QueueDescHigh, Is.EqualTo(0x084ul));
            Assert.That(MmioRegister.QueueDriverLow, Is.EqualTo(0x090ul));
            Assert.That(MmioRegister.QueueDriverHigh, Is.EqualTo(0x094ul));
            Assert.That(MmioRegister.QueueDeviceLow, Is.EqualTo(0x0a0ul));
            Assert.That(MmioRegister.QueueDeviceHigh, Is.EqualTo(0x0a4ul));
            Assert.That(MmioRegister.ShmSel, Is.EqualTo(0x0acul));
            Assert.That(MmioRegister.ShmLenLow, Is.EqualTo(0x0b0ul));
            Assert.That(MmioRegister.ShmLenHigh, Is.EqualTo(0x0b4ul));
            Assert.That(MmioRegister.ShmBaseLow, Is.EqualTo(0x0b8ul));
            Assert.That(MmioRegister.ShmBaseHigh, Is.EqualTo(0x0bcul));
            Assert.That(MmioRegister.QueueReset, Is.EqualTo(0x0c0ul));
            Assert.That(MmioRegister.ConfigGeneration, Is.EqualTo(0x0fcul));
            Assert.That(MmioRegister.Config, Is.EqualTo(0x100ul));
        }

        [Test]
        [Category("FF-MMIO-2")]
        public void FixedRegisters_ReadTheirValues()
        {
            VirtioMmioTransport transport = Create();

            Assert.That(transport.Read(MmioRegister.MagicValue, 4), Is.EqualTo(0x74726976u));
            Assert.That(transport.Read(MmioRegister.Version, 4), Is.EqualTo(2u));
            Assert.That(transport.Read(MmioRegister.DeviceId, 4), Is.EqualTo(0x42u));
            Assert.That(transport.Read(MmioRegister.VendorId, 4), Is.EqualTo(0x1AF4u));
            Assert.That(transport.Read(MmioRegister.QueueReset, 4), Is.Zero);
            Assert.That(transport.Read(MmioRegister.ConfigGeneration, 4), Is.Zero);
        }

        [TestCase(MmioRegister.ShmLenLow)]
        [TestCase(MmioRegister.ShmLenHigh)]
        [TestCase(MmioRegister.ShmBaseLow)]
        [TestCase(MmioRegister.ShmBaseHigh)]
        [Category("FF-MMIO-1")]
        public void SharedMemoryRegisters_ReadAllOnes_WhateverShmSel(ulong register)
        {
            VirtioMmioTransport transport = Create();

            Assert.That(transport.Read(register, 4), Is.EqualTo(uint.MaxValue));
            transport.Write(MmioRegister.ShmSel, 4, 3);
            Assert.That(transport.Read(register, 4), Is.EqualTo(uint.MaxValue));
        }

        [TestCase(MmioRegister.MagicValue, 2)]
        [TestCase(MmioRegister.MagicValue, 1)]
        [TestCase(MmioRegister.MagicValue, 8)]
        [TestCase(MmioRegister.MagicValue + 1, 4)]
        [TestCase(MmioRegister.Version + 2, 4)]
        [TestCase(MmioRegister.ShmLenLow, 2)]
        [TestCase(MmioRegister.ShmLenLow + 2, 4)]
        [TestCase(MmioRegister.DeviceId + 3, 1)]
        [TestCase(MmioRegister.ConfigGeneration, 2)]
        [Category("FF-MMIO-3")]
        public void ControlRegister_NarrowWideOrMisalignedRead_ReadsZero(ulong offset, int width) =>
            Assert.That(Create().Read(offset, width), Is.Zero);

        [TestCase(1)]
        [TestCase(2)]
        [TestCase(8)]
        [Category("FF-MMIO-3")]
        public void ControlRegister_NarrowOrWideWrite_HasNoEffect(int width)
        {
            VirtioMmioTransport transport = Create();

            transport.Write(MmioRegister.Status, width, (uint)DeviceStatus.Acknowledge);
            transport.Write(MmioRegister.DeviceFeaturesSel, width, 1);

            Assert.That(transport.Status, Is.EqualTo(DeviceStatus.None));
            Assert.That(transport.Read(MmioRegister.DeviceFeatures, 4), Is.EqualTo((uint)Features));
        }

        [Test]
        [Category("FF-MMIO-3")]
        public void ControlRegister_MisalignedWrite_HasNoEffect()
        {
            VirtioMmioTransport transport = Create();

            transport.Write(MmioRegister.Status + 1, 4, (uint)DeviceStatus.Acknowledge);
            transport.Write(MmioRegister.DeviceFeaturesSel + 2, 4, 1);

            Assert.That(transport.Status, Is.EqualTo(DeviceStatus.None));
            Assert.That(transport.Read(MmioRegister.DeviceFeatures, 4), Is.EqualTo((uint)Features));
        }

        [Test]
        [Category("FF-MMIO-3")]
        public void ReadOnlyRegisters_IgnoreWrites()
        {
            VirtioMmioTransport transport = Create();

            transport.Write(MmioRegister.MagicValue, 4, 0);
            transport.Write(MmioRegister.Version, 4, 1);
            transport.Write(MmioRegister.ConfigGeneration, 4, 7);
            transport.Write(MmioRegister.ShmLenLow, 4, 0);
            transport.Write(MmioRegister.QueueReset, 4, 1);

            Assert.That(transport.Read(MmioRegister.MagicValue, 4), Is.EqualTo(MmioRegister.Magic));
            Assert.That(transport.Read(MmioRegister.Version, 4), Is.EqualTo(MmioRegister.VersionNumber));
            Assert.That(transport.ConfigGeneration, Is.Zero);
            Assert.That(transport.Read(MmioRegister.ShmLenLow, 4), Is.EqualTo(uint.MaxValue));
            Assert.That(transport.Read(MmioRegister.QueueReset, 4), Is.Zero);
        }

        [TestCase(MmioRegister.DeviceFeaturesSel)]
        [TestCase(MmioRegister.DriverFeatures)]
        [TestCase(MmioRegister.DriverFeaturesSel)]
        [TestCase(MmioRegister.QueueSel)]
        [TestCase(MmioRegister.QueueSize)]
        [TestCase(MmioRegister.QueueNotify)]
        [TestCase(MmioRegister.InterruptAck)]
        [TestCase(MmioRegister.QueueDescLow)]
        [TestCase(MmioRegister.QueueDeviceHigh)]
        [TestCase(MmioRegister.ShmSel)]
        [TestCase(0x0f8ul)]
        [Category("FF-MMIO-3")]
        public void WriteOnlyAndUnassignedRegisters_ReadZero(ulong register)
        {
            VirtioMmioTransport transport = Create();
            transport.Write(register, 4, 1);

            Assert.That(transport.Read(register, 4), Is.Zero);
        }

        [Test]
        [Category("FF-MMIO-4")]
        public void DeviceFeatures_ShowsWindowsZeroAndOne_AndZeroBeyond()
        {
            VirtioMmioTransport transport = Create();

            transport.Write(MmioRegister.DeviceFeaturesSel, 4, 0);
            Assert.That(transport.Read(MmioRegister.DeviceFeatures, 4), Is.EqualTo(0x00A0_0003u));
            transport.Write(MmioRegister.DeviceFeaturesSel, 4, 1);
            Assert.That(transport.Read(MmioRegister.DeviceFeatures, 4), Is.EqualTo(1u), "VERSION_1 is bit 32");
            transport.Write(MmioRegister.DeviceFeaturesSel, 4, 2);
            Assert.That(transport.Read(MmioRegister.DeviceFeatures, 4), Is.Zero);
        }

        [Test]
        [Category("FF-MMIO-4")]
        public void DriverFeatures_EachWindowKeepsTheOther_AndWindowsBeyondAreIgnored()
        {
            VirtioMmioTransport transport = Create();

            transport.Write(MmioRegister.DriverFeaturesSel, 4, 1);
            transport.Write(MmioRegister.DriverFeatures, 4, 0x0000_0001);
            transport.Write(MmioRegister.DriverFeaturesSel, 4, 0);
            transport.Write(MmioRegister.DriverFeatures, 4, 0x00A0_0003);
            transport.Write(MmioRegister.DriverFeaturesSel, 4, 2);
            transport.Write(MmioRegister.DriverFeatures, 4, 0xFFFF_FFFF);

            Assert.That(transport.DriverFeatures, Is.EqualTo(0x0000_0001_00A0_0003UL));

            transport.Write(MmioRegister.DriverFeaturesSel, 4, 1);
            transport.Write(MmioRegister.DriverFeatures, 4, 0x0000_0004);
            Assert.That(transport.DriverFeatures, Is.EqualTo(0x0000_0004_00A0_0003UL));
        }

        private static VirtioMmioTransport Create() =>
            new(new ProbeDevice(Features), GuestMemory.Allocate(0x1000, 4096));
    }
}
