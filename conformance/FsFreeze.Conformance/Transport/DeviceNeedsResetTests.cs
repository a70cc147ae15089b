using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Conformance.Transport
{
    /// <summary>FF-INIT-7: an unrecoverable error breaks the device until reset, loudly.</summary>
    [TestFixture]
    public sealed class DeviceNeedsResetTests
    {
        private const ushort Size = 16;

        [Test]
        [Requirement("FF-INIT-7")]
        public void MalformedRing_SetsNeedsReset_WithAConfigInterrupt()
        {
            var bench = new MmioBench();
            bench.SetUpQueue0(Size);

            MakeAvailableHead(bench, Size);
            bench.Write(MmioRegister.QueueNotify, 0);

            Assert.Multiple(() =>
            {
                Assert.That(bench.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.DeviceNeedsReset));
                Assert.That(bench.Interrupts, Is.EqualTo(MmioInterrupt.ConfigurationChange));
                Assert.That(bench.Line.Count, Is.EqualTo(1));
                Assert.That(bench.Transport.Fault, Is.EqualTo(new Virtio.Devices.DeviceFault(0, QueueError.HeadIndexOutOfRange)));
            });
        }

        [Test]
        [Requirement("FF-INIT-7")]
        public void AfterNeedsReset_NoQueueIsTouched_AndNoUsedBufferInterruptIsSent()
        {
            var bench = new MmioBench(queueCount: 2);
            SplitQueueDriverEnd driver = bench.SetUpQueue0(Size);
            MakeAvailableHead(bench, 0xFFFF);
            bench.Write(MmioRegister.QueueNotify, 0);
            bench.Write(MmioRegister.InterruptAck, 3);
            int notifications = bench.Device.Notifications;

            // A well-formed chain after the failure: the device must leave it alone.
            bench.AddEcho(driver, new byte[] { 1 }, 0);
            bench.Write(MmioRegister.QueueNotify, 0);
            bench.Device.ProcessAll();

            Assert.Multiple(() =>
            {
                Assert.That(bench.Device.Notifications, Is.EqualTo(notifications), "no notification delivered");
                Assert.That(bench.Device.EchoedChains, Is.Zero);
                Assert.That(driver.HasUsed(), Is.False);
                Assert.That(bench.Interrupts, Is.EqualTo(MmioInterrupt.None));
            });
        }

        [Test]
        [Requirement("FF-INIT-7")]
        public void NeedsResetBeforeDriverOk_SendsNoInterrupt()
        {
            var bench = new MmioBench();
            bench.Negotiate(MmioBench.Version1);

            bench.ProgramQueue(0, 0, 0, 0, 0);
            bench.Write(MmioRegister.QueueReady, 1);

            Assert.That(bench.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.DeviceNeedsReset));
            Assert.That(bench.Interrupts, Is.EqualTo(MmioInterrupt.None));
            Assert.That(bench.Line.Count, Is.Zero);
        }

        [Test]
        [Requirement("FF-INIT-7")]
        public void QueueSetupErrorAfterDriverOk_SendsAConfigInterrupt()
        {
            var bench = new MmioBench(queueCount: 2);
            bench.SetUpQueue0();

            bench.ProgramQueue(1, 3, 0, 0, 0);
            bench.Write(MmioRegister.QueueReady, 1);

            Assert.That(bench.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.DeviceNeedsReset));
            Assert.That(bench.Interrupts, Is.EqualTo(MmioInterrupt.ConfigurationChange));
        }

        [Test]
        [Requirement("FF-INIT-7")]
        public void NeedsReset_KeepsTheOtherStatusBits_UntilReset()
        {
            var bench = new MmioBench();
            bench.SetUpQueue0(Size);
            MakeAvailableHead(bench, Size);
            bench.Write(MmioRegister.QueueNotify, 0);

            Assert.That(bench.Status, Is.EqualTo(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk | DeviceStatus.DriverOk | DeviceStatus.DeviceNeedsReset));
            bench.Write(MmioRegister.Status, 0);
            Assert.That(bench.Status, Is.EqualTo(DeviceStatus.None));
        }

        /// <summary>Writes a raw available-ring entry naming <paramref name="head"/> and publishes it, as a hostile driver would.</summary>
        private static void MakeAvailableHead(MmioBench bench, ushort head)
        {
            QueueConfiguration layout = MmioBench.SplitLayout(Size, MmioBench.RingArea, MmioBench.Version1);
            Assert.That(bench.Memory.TryWriteUInt16(layout.DriverArea + (ulong)SplitRingLayout.AvailSlotOffset(0), head), Is.True);
            Assert.That(bench.Memory.TryWriteUInt16(layout.DriverArea + SplitRingLayout.AvailIdxOffset, 1), Is.True);
        }
    }
}
