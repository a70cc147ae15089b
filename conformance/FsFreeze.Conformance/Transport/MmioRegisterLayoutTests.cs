using System.Linq;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Transport
{
    /// <summary>The virtio-mmio v2 register window: offsets, identification, access rules.</summary>
    [TestFixture]
    public sealed class MmioRegisterLayoutTests
    {
        private static readonly (string Name, ulong Offset, MmioRegisterAccess Access)[] SpecTable =
        {
            ("MagicValue", 0x000, MmioRegisterAccess.Read),
            ("Version", 0x004, MmioRegisterAccess.Read),
            ("DeviceID", 0x008, MmioRegisterAccess.Read),
            ("VendorID", 0x00c, MmioRegisterAccess.Read),
            ("DeviceFeatures", 0x010, MmioRegisterAccess.Read),
            ("DeviceFeaturesSel", 0x014, MmioRegisterAccess.Write),
            ("DriverFeatures", 0x020, MmioRegisterAccess.Write),
            ("DriverFeaturesSel", 0x024, MmioRegisterAccess.Write),
            ("QueueSel", 0x030, MmioRegisterAccess.Write),
            ("QueueSizeMax", 0x034, MmioRegisterAccess.Read),
            ("QueueSize", 0x038, MmioRegisterAccess.Write),
            ("QueueReady", 0x044, MmioRegisterAccess.ReadWrite),
            ("QueueNotify", 0x050, MmioRegisterAccess.Write),
            ("InterruptStatus", 0x060, MmioRegisterAccess.Read),
            ("InterruptACK", 0x064, MmioRegisterAccess.Write),
            ("Status", 0x070, MmioRegisterAccess.ReadWrite),
            ("QueueDescLow", 0x080, MmioRegisterAccess.Write),
            ("QueueDescHigh", 0x084, MmioRegisterAccess.Write),
            ("QueueDriverLow", 0x090, MmioRegisterAccess.Write),
            ("QueueDriverHigh", 0x094, MmioRegisterAccess.Write),
            ("QueueDeviceLow", 0x0a0, MmioRegisterAccess.Write),
            ("QueueDeviceHigh", 0x0a4, MmioRegisterAccess.Write),
            ("SHMSel", 0x0ac, MmioRegisterAccess.Write),
            ("SHMLenLow", 0x0b0, MmioRegisterAccess.Read),
            ("SHMLenHigh", 0x0b4, MmioRegisterAccess.Read),
            ("SHMBaseLow", 0x0b8, MmioRegisterAccess.Read),
            ("SHMBaseHigh", 0x0bc, MmioRegisterAccess.Read),
            ("QueueReset", 0x0c0, MmioRegisterAccess.ReadWrite),
            ("ConfigGeneration", 0x0fc, MmioRegisterAccess.Read),
            ("Config", 0x100, MmioRegisterAccess.ReadWrite),
        };

        [Test]
        [Requirement("FF-MMIO-1")]
        public void RegisterTable_MatchesTheSpecLayout()
        {
            var actual = MmioRegister.All.Select(r => (r.Name, r.Offset, r.Access)).ToArray();

            Assert.That(actual, Is.EqualTo(SpecTable));
            Assert.That(MmioRegister.All.Select(r => r.WidthBits), Is.All.EqualTo(32));
            Assert.That(MmioRegister.All.Select(r => r.AccessText), Is.EqualTo(SpecTable.Select(r => r.Access switch { MmioRegisterAccess.Read => "R", MmioRegisterAccess.Write => "W", _ => "RW" })));
        }

        [Test]
        [Requirement("FF-MMIO-1")]
        public void NamedOffsets_MatchTheTable()
        {
            Assert.That(
                new[]
                {
                    MmioRegister.MagicValue, MmioRegister.Version, MmioRegister.DeviceId, MmioRegister.VendorId,
                    MmioRegister.DeviceFeatures, MmioRegister.DeviceFeaturesSel, MmioRegister.DriverFeatures,
                    MmioRegister.DriverFeaturesSel, MmioRegister.QueueSel, MmioRegister.QueueSizeMax, MmioRegister.QueueSize,
                    MmioRegister.QueueReady, MmioRegister.QueueNotify, MmioRegister.InterruptStatus, MmioRegister.InterruptAck,
                    MmioRegister.Status, MmioRegister.QueueDescLow, MmioRegister.QueueDescHigh, MmioRegister.QueueDriverLow,
                    MmioRegister.QueueDriverHigh, MmioRegister.QueueDeviceLow, MmioRegister.QueueDeviceHigh, MmioRegister.ShmSel,
                    MmioRegister.ShmLenLow, MmioRegister.ShmLenHigh, MmioRegister.ShmBaseLow, MmioRegister.ShmBaseHigh,
                    MmioRegister.QueueReset, MmioRegister.ConfigGeneration, MmioRegister.Config,
                },
                Is.EqualTo(SpecTable.Select(r => r.Offset)));
        }

        [Test]
        [Requirement("FF-MMIO-2")]
        public void Identification_ReadsMagicVersionAndIds()
        {
            var bench = new MmioBench();

            Assert.Multiple(() =>
            {
                Assert.That(bench.Read(MmioRegister.MagicValue), Is.EqualTo(0x74726976u));
                Assert.That(bench.Read(MmioRegister.Version), Is.EqualTo(2u));
                Assert.That(bench.Read(MmioRegister.DeviceId), Is.EqualTo(MmioBench.EchoDeviceId));
                Assert.That(bench.Read(MmioRegister.VendorId), Is.EqualTo(bench.Device.VendorId));
            });
        }

        [TestCase(0x001ul, 4)]
        [TestCase(0x002ul, 4)]
        [TestCase(0x000ul, 2)]
        [TestCase(0x000ul, 1)]
        [TestCase(0x000ul, 8)]
        [TestCase(0x000ul, 0)]
        [Requirement("FF-MMIO-3")]
        public void ControlRegister_NarrowOrMisalignedRead_ReadsZero(ulong offset, int width)
        {
            var bench = new MmioBench();

            Assert.That(bench.Registers.Read(offset, width), Is.Zero);
        }

        [TestCase(1)]
        [TestCase(2)]
        [TestCase(8)]
        [Requirement("FF-MMIO-3")]
        public void Status_NarrowWrite_IsIgnored(int width)
        {
            var bench = new MmioBench();

            bench.Registers.Write(MmioRegister.Status, width, (uint)DeviceStatus.Acknowledge);

            Assert.That(bench.Status, Is.EqualTo(DeviceStatus.None));
        }

        [Test]
        [Requirement("FF-MMIO-3")]
        public void Status_MisalignedWrite_IsIgnored()
        {
            var bench = new MmioBench();

            bench.Registers.Write(MmioRegister.Status + 1, 4, (uint)DeviceStatus.Acknowledge);
            bench.Registers.Write(MmioRegister.Status + 2, 4, (uint)DeviceStatus.Acknowledge);

            Assert.That(bench.Status, Is.EqualTo(DeviceStatus.None));
        }

        [Test]
        [Requirement("FF-MMIO-3")]
        public void ReadOnlyRegisters_IgnoreWrites()
        {
            var bench = new MmioBench(queueSizeMax: 64);
            bench.SetUpQueue0();
            bench.Device.SetHostValue(1);
            uint generation = bench.Read(MmioRegister.ConfigGeneration);

            foreach (MmioRegisterInfo register in MmioRegister.All.Where(r => r.Access == MmioRegisterAccess.Read))
            {
                bench.Write(register.Offset, 0xFFFF_FFFF);
            }

            Assert.Multiple(() =>
            {
                Assert.That(bench.Read(MmioRegister.MagicValue), Is.EqualTo(MmioRegister.Magic));
                Assert.That(bench.Read(MmioRegister.Version), Is.EqualTo(2u));
                Assert.That(bench.Read(MmioRegister.DeviceId), Is.EqualTo(MmioBench.EchoDeviceId));
                Assert.That(bench.Read(MmioRegister.QueueSizeMax), Is.EqualTo(64u));
                Assert.That(bench.Interrupts, Is.EqualTo(MmioInterrupt.ConfigurationChange), "InterruptStatus not cleared by a write");
                Assert.That(bench.Read(MmioRegister.ConfigGeneration), Is.EqualTo(generation));
            });
        }

        [Test]
        [Requirement("FF-MMIO-3")]
        public void NoSharedMemoryRegions_LengthReadsMinusOne_QueueResetReadsZero()
        {
            var bench = new MmioBench();
            bench.Write(MmioRegister.ShmSel, 0);

            Assert.Multiple(() =>
            {
                Assert.That(((ulong)bench.Read(MmioRegister.ShmLenHigh) << 32) | bench.Read(MmioRegister.ShmLenLow), Is.EqualTo(ulong.MaxValue));
                Assert.That(((ulong)bench.Read(MmioRegister.ShmBaseHigh) << 32) | bench.Read(MmioRegister.ShmBaseLow), Is.EqualTo(ulong.MaxValue));
                Assert.That(bench.Read(MmioRegister.QueueReset), Is.Zero);
            });
        }
    }
}
