using System;
using System.Buffers.Binary;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices.Samples;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Transport
{
    /// <summary>The device configuration space and ConfigGeneration.</summary>
    [TestFixture]
    public sealed class MmioConfigTests
    {
        private const ulong HostValue = MmioRegister.Config + EchoDevice.HostValueOffset;

        [Test]
        [Requirement("FF-MMIO-10")]
        public void Config_StartsAt0x100_WithFieldWidthAccesses()
        {
            var bench = new MmioBench();
            bench.Device.SetHostValue(0x1122_3344_5566_7788);

            Assert.Multiple(() =>
            {
                Assert.That(bench.Registers.Read(HostValue, 4), Is.EqualTo(0x5566_7788u));
                Assert.That(bench.Registers.Read(HostValue + 4, 4), Is.EqualTo(0x1122_3344u));
                Assert.That(bench.Registers.Read(HostValue + 1, 2), Is.EqualTo(0x6677u));
                Assert.That(bench.Registers.Read(HostValue + 7, 1), Is.EqualTo(0x11u));
            });
        }

        [Test]
        [Requirement("FF-MMIO-10")]
        public void ConfigGeneration_ChangesOnEveryChange()
        {
            var bench = new MmioBench();
            uint g0 = bench.Read(MmioRegister.ConfigGeneration);

            bench.Device.SetHostValue(1);
            uint g1 = bench.Read(MmioRegister.ConfigGeneration);
            bench.Device.SetHostValue(1);
            uint g2 = bench.Read(MmioRegister.ConfigGeneration);

            Assert.That(g1, Is.Not.EqualTo(g0));
            Assert.That(g2, Is.Not.EqualTo(g1));
        }

        [Test]
        [Requirement("FF-MMIO-10")]
        public void ConfigChange_InterruptsOnlyOnceDriverOkIsSet()
        {
            var bench = new MmioBench();
            bench.SetUpQueue0(driverOk: false);

            bench.Device.SetHostValue(1);
            MmioInterrupt beforeDriverOk = bench.Interrupts;
            bench.AddStatus(DeviceStatus.DriverOk);
            bench.Device.SetHostValue(2);

            Assert.Multiple(() =>
            {
                Assert.That(beforeDriverOk, Is.EqualTo(MmioInterrupt.None));
                Assert.That(bench.Interrupts, Is.EqualTo(MmioInterrupt.ConfigurationChange));
                Assert.That(bench.Line.Last, Is.EqualTo(MmioInterrupt.ConfigurationChange));
            });
        }

        [Test]
        [Requirement("FF-MMIO-10")]
        public void DriverSession_RetriesAReadTornByAChange()
        {
            var bench = new MmioBench();
            bench.Device.SetHostValue(0x0000_0001_0000_0001);
            var tearing = new TearingRegisters(bench);
            var allocator = new Virtio.Memory.GuestAddressAllocator(MmioBench.RingArea, 64 << 10);
            Assert.That(MmioDriverSession.TryInitialize(tearing, bench.Memory, allocator, new MmioDriverOptions(), out MmioDriverSession? session), Is.EqualTo(MmioDriverError.None));
            tearing.Armed = true;

            byte[] value = new byte[8];
            Assert.That(session!.TryReadConfig(EchoDevice.HostValueOffset, value), Is.True);

            Assert.That(tearing.Armed, Is.False, "the tear happened");
            Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(value), Is.EqualTo(0x0000_0002_0000_0002UL), "never a mix of old and new halves");
        }

        [TestCase(EchoDevice.ConfigBytes, 1)]
        [TestCase(EchoDevice.ConfigBytes - 2, 4)]
        [TestCase(EchoDevice.ConfigBytes - 1, 2)]
        [TestCase(0x0f00, 4)]
        [TestCase(0, 3)]
        [TestCase(0, 8)]
        [Requirement("FF-MMIO-11")]
        public void Config_AccessBeyondItsSizeOrOfBadWidth_ReadsZero_AndIgnoresWrites(int offset, int width)
        {
            var bench = new MmioBench();
            bench.Device.SetHostValue(ulong.MaxValue);
            bench.Registers.Write(MmioRegister.Config + EchoDevice.DriverValueOffset, 4, 0xFFFF_FFFF);

            uint read = bench.Registers.Read(MmioRegister.Config + (ulong)offset, width);
            bench.Registers.Write(MmioRegister.Config + (ulong)offset, width, 0);

            Assert.That(read, Is.Zero);
            Assert.That(bench.Device.DriverValue, Is.EqualTo(0xFFFF_FFFFu), "the write reached nothing");
        }

        [Test]
        [Requirement("FF-MMIO-11")]
        public void Config_WritableField_TakesInRangeWrites()
        {
            var bench = new MmioBench();

            bench.Registers.Write(MmioRegister.Config + EchoDevice.DriverValueOffset, 4, 0xCAFE_F00D);

            Assert.That(bench.Registers.Read(MmioRegister.Config + EchoDevice.DriverValueOffset, 4), Is.EqualTo(0xCAFE_F00Du));
        }

        [Test]
        [Requirement("FF-INIT-9")]
        public void Config_IsReadableBeforeFeaturesOk()
        {
            var bench = new MmioBench();
            bench.Device.SetHostValue(0xABCD);

            uint atReset = bench.Registers.Read(HostValue, 4);
            bench.AddStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver);
            uint beforeFeaturesOk = bench.Registers.Read(HostValue, 4);

            Assert.That(atReset, Is.EqualTo(0xABCDu));
            Assert.That(beforeFeaturesOk, Is.EqualTo(0xABCDu));
        }

        /// <summary>Changes host_value (both halves) right after the first config read once armed: a torn read.</summary>
        private sealed class TearingRegisters : IMmioRegisterFile
        {
            private readonly MmioBench _bench;

            public TearingRegisters(MmioBench bench) => _bench = bench;

            public bool Armed { get; set; }

            public uint Read(ulong offset, int width)
            {
                uint value = _bench.Registers.Read(offset, width);
                if (Armed && offset >= MmioRegister.Config)
                {
                    Armed = false;
                    _bench.Device.SetHostValue(0x0000_0002_0000_0002);
                }

                return value;
            }

            public void Write(ulong offset, int width, uint value) => _bench.Registers.Write(offset, width, value);
        }
    }
}
