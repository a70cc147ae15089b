using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Conformance.Transport
{
    /// <summary>The Device Status state machine, DRIVER_OK gating, reset and FAILED.</summary>
    [TestFixture]
    public sealed class DeviceStatusTests
    {
        [Test]
        [Requirement("FF-INIT-1")]
        public void StatusBits_HaveTheSpecValues()
        {
            Assert.Multiple(() =>
            {
                Assert.That((int)DeviceStatus.Acknowledge, Is.EqualTo(1));
                Assert.That((int)DeviceStatus.Driver, Is.EqualTo(2));
                Assert.That((int)DeviceStatus.DriverOk, Is.EqualTo(4));
                Assert.That((int)DeviceStatus.FeaturesOk, Is.EqualTo(8));
                Assert.That((int)DeviceStatus.DeviceNeedsReset, Is.EqualTo(64));
                Assert.That((int)DeviceStatus.Failed, Is.EqualTo(128));
            });
        }

        [Test]
        [Requirement("FF-INIT-1")]
        public void StatusRegister_ReadsBackTheBitsInSequence()
        {
            var bench = new MmioBench();

            uint initial = bench.Read(MmioRegister.Status);
            bench.Write(MmioRegister.Status, 1);
            uint ack = bench.Read(MmioRegister.Status);
            bench.Write(MmioRegister.Status, 3);
            uint driver = bench.Read(MmioRegister.Status);
            bench.WriteDriverFeatures(MmioBench.Version1);
            bench.Write(MmioRegister.Status, 11);
            uint featuresOk = bench.Read(MmioRegister.Status);
            bench.Write(MmioRegister.Status, 15);

            Assert.That(new[] { initial, ack, driver, featuresOk, bench.Read(MmioRegister.Status) }, Is.EqualTo(new uint[] { 0, 1, 3, 11, 15 }));
        }

        [Test]
        [Requirement("FF-INIT-3")]
        public void StatusWrite_ClearingABit_IsIgnored()
        {
            var bench = new MmioBench();
            bench.Write(MmioRegister.Status, 3);
            bench.WriteDriverFeatures(MmioBench.Version1);

            bench.Write(MmioRegister.Status, 1);
            uint afterClearingDriver = bench.Read(MmioRegister.Status);
            bench.Write(MmioRegister.Status, 2 | 8);
            uint afterClearingAckSettingFeaturesOk = bench.Read(MmioRegister.Status);
            bench.Write(MmioRegister.Status, 1 | 128);

            Assert.Multiple(() =>
            {
                Assert.That(afterClearingDriver, Is.EqualTo(3u));
                Assert.That(afterClearingAckSettingFeaturesOk, Is.EqualTo(3u), "a write that clears one bit and sets another is ignored whole");
                Assert.That(bench.Read(MmioRegister.Status), Is.EqualTo(3u));
            });
        }

        [Test]
        [Requirement("FF-INIT-3")]
        public void DriverOk_BeforeFeaturesOk_IsIgnored()
        {
            var bench = new MmioBench();
            bench.Write(MmioRegister.Status, 3);

            bench.Write(MmioRegister.Status, 3 | 4);

            Assert.That(bench.Status, Is.EqualTo(DeviceStatus.Acknowledge | DeviceStatus.Driver));
        }

        [Test]
        [Requirement("FF-INIT-3")]
        public void DriverOk_WithRefusedFeaturesOkInTheSameWrite_IsIgnored()
        {
            var bench = new MmioBench();
            bench.Write(MmioRegister.Status, 3);
            bench.WriteDriverFeatures(0);

            bench.Write(MmioRegister.Status, 3 | 8 | 4);

            Assert.That(bench.Status & (DeviceStatus.FeaturesOk | DeviceStatus.DriverOk), Is.EqualTo(DeviceStatus.None));
        }

        [Test]
        [Requirement("FF-INIT-3")]
        public void DriverSettingDeviceNeedsReset_IsIgnored()
        {
            var bench = new MmioBench();
            bench.Write(MmioRegister.Status, 3);

            bench.Write(MmioRegister.Status, 3 | 64);

            Assert.That(bench.Status, Is.EqualTo(DeviceStatus.Acknowledge | DeviceStatus.Driver));
        }

        [Test]
        [Requirement("FF-INIT-6")]
        public void BuffersBeforeDriverOk_AreNotConsumed_UntilDriverOk()
        {
            var bench = new MmioBench();
            SplitQueueDriverEnd driver = bench.SetUpQueue0(driverOk: false);
            bench.AddEcho(driver, new byte[] { 1, 2 }, 0);

            bench.Write(MmioRegister.QueueNotify, 0);
            bool usedEarly = driver.HasUsed();
            MmioInterrupt interruptsEarly = bench.Interrupts;
            int notificationsEarly = bench.Device.Notifications;
            bench.AddStatus(DeviceStatus.DriverOk);

            Assert.Multiple(() =>
            {
                Assert.That(usedEarly, Is.False);
                Assert.That(interruptsEarly, Is.EqualTo(MmioInterrupt.None));
                Assert.That(notificationsEarly, Is.Zero);
                Assert.That(driver.HasUsed(), Is.True, "consumed once DRIVER_OK is set");
                Assert.That(bench.Interrupts, Is.EqualTo(MmioInterrupt.UsedBuffer));
            });
        }

        [Test]
        [Requirement("FF-INIT-8")]
        public void WritingZero_ResetsEverything()
        {
            var bench = new MmioBench(deviceFeatures: 0x3, queueCount: 2, queueSizeMax: 64);
            SplitQueueDriverEnd driver = bench.SetUpQueue0(features: 0x1);
            bench.AddEcho(driver, new byte[] { 1 }, 0);
            bench.Write(MmioRegister.QueueNotify, 0);
            bench.Device.SetHostValue(7);
            bench.Write(MmioRegister.DeviceFeaturesSel, 1);
            bench.Write(MmioRegister.QueueSel, 5);
            bench.Registers.Write(MmioRegister.Config + 8, 4, 42);
            Assert.That(bench.Interrupts, Is.EqualTo(MmioInterrupt.UsedBuffer | MmioInterrupt.ConfigurationChange), "precondition");
            int resets = bench.Device.Resets;

            bench.Write(MmioRegister.Status, 0);

            Assert.Multiple(() =>
            {
                Assert.That(bench.Status, Is.EqualTo(DeviceStatus.None));
                Assert.That(bench.Interrupts, Is.EqualTo(MmioInterrupt.None));
                Assert.That(bench.Transport.NegotiatedFeatures, Is.Zero);
                Assert.That(bench.Transport.DriverFeatures, Is.Zero);
                Assert.That(bench.Read(MmioRegister.DeviceFeatures), Is.EqualTo(0x3u), "DeviceFeaturesSel back to 0");
                Assert.That(bench.Read(MmioRegister.QueueSizeMax), Is.EqualTo(64u), "QueueSel back to 0");
                Assert.That(bench.Read(MmioRegister.QueueReady), Is.Zero);
                Assert.That(bench.Device.Resets, Is.EqualTo(resets + 1));
                Assert.That(bench.Device.DriverValue, Is.Zero, "the device's OnReset ran");
            });
            bench.Write(MmioRegister.QueueSel, 1);
            Assert.That(bench.Read(MmioRegister.QueueReady), Is.Zero);
        }

        [Test]
        [Requirement("FF-INIT-8")]
        public void Reset_ClearsDeviceNeedsReset_AndTheDeviceWorksAgain()
        {
            var bench = new MmioBench();
            bench.SetUpQueue0();
            bench.Write(MmioRegister.QueueSel, 0);
            bench.Write(MmioRegister.QueueReady, 0);
            bench.ProgramQueue(0, 0, 0, 0, 0);
            bench.Write(MmioRegister.QueueReady, 1);
            Assert.That(bench.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.DeviceNeedsReset), "precondition");

            SplitQueueDriverEnd driver = bench.SetUpQueue0();
            bench.AddEcho(driver, new byte[] { 5, 6, 7 }, 0);
            bench.Write(MmioRegister.QueueNotify, 0);

            Assert.That(bench.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.None));
            Assert.That(driver.TryReclaim(out UsedBuffer used, out _), Is.True);
            Assert.That(used.Length, Is.EqualTo(3u));
        }

        [Test]
        [Requirement("FF-INIT-10")]
        public void AfterFailed_TheDeviceStopsProcessing()
        {
            var bench = new MmioBench();
            SplitQueueDriverEnd driver = bench.SetUpQueue0();
            bench.AddStatus(DeviceStatus.Failed);
            bench.AddEcho(driver, new byte[] { 1 }, 0);

            bench.Write(MmioRegister.QueueNotify, 0);
            bench.Device.ProcessAll();

            Assert.Multiple(() =>
            {
                Assert.That(bench.Device.Notifications, Is.Zero);
                Assert.That(bench.Device.EchoedChains, Is.Zero);
                Assert.That(driver.HasUsed(), Is.False);
                Assert.That(bench.Interrupts & MmioInterrupt.UsedBuffer, Is.EqualTo(MmioInterrupt.None));
            });
        }
    }
}
