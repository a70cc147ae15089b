using System;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Device.Tests
{
    /// <summary>The device's construction, lifecycle and <see cref="Emulation.FsFreezeDevice.Abandon"/> (FsFreezeDevice.cs).</summary>
    public sealed class FsFreezeDeviceTests
    {
        [Test]
        [Category("FF-DEV-3")]
        public void Constructor_RefusesFeatureBitsOutsideTheFour_AcceptsTheRingFeatures()
        {
            Assert.Multiple(() =>
            {
                Assert.That(() => new Emulation.FsFreezeDevice(new FsFreezeDeviceOptions { OfferedFeatures = FsFreezeFeature.KnownMask | (1UL << 4) }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("0x10 "), "the message names the bits refused");
                Assert.That(() => new Emulation.FsFreezeDevice(new FsFreezeDeviceOptions { OfferedFeatures = 1UL << 23 }), Throws.TypeOf<ArgumentOutOfRangeException>());
                Assert.That(new Emulation.FsFreezeDevice(new FsFreezeDeviceOptions { OfferedFeatures = FsFreezeFeature.KnownMask | VirtioFeatureBit.RingFeatures }).DeviceFeatures & FsFreezeFeature.KnownMask, Is.EqualTo(FsFreezeFeature.KnownMask));
                Assert.That(new Emulation.FsFreezeDevice(new FsFreezeDeviceOptions { OfferedFeatures = 0 }).DeviceFeatures & FsFreezeFeature.KnownMask, Is.Zero);
            });
        }

        [Test]
        [Category("FF-DEV-2")]
        public void Constructor_RefusesQueueSizeMaxBelowTwo_AcceptsTwo()
        {
            Assert.Multiple(() =>
            {
                Assert.That(() => new Emulation.FsFreezeDevice(new FsFreezeDeviceOptions { QueueSizeMax = 1 }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("FF-DEV-2"));
                Assert.That(new Emulation.FsFreezeDevice(new FsFreezeDeviceOptions { QueueSizeMax = 2 }).GetQueueSizeMax(1), Is.EqualTo(2));
            });
        }

        [Test]
        [Category("FF-DEV-5")]
        public void Constructor_RefusesAConfigurationBreakingFfDev5_AndNamesTheRule() =>
            Assert.That(() => new Emulation.FsFreezeDevice(new FsFreezeDeviceOptions { Config = new FsFreezeConfig(8, 8, 1000) }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("FF-DEV-5"));

        [Test]
        [Category("FF-DEV-5")]
        public void ConfigurationSpace_HoldsTheConfiguration()
        {
            var config = new FsFreezeConfig(512, 16, 90_000);
            var bench = new DeviceBench(new FsFreezeDeviceOptions { Config = config }).Start();
            byte[] bytes = new byte[FsFreezeConfig.Size];
            Assert.That(bench.Session!.TryReadConfig(0, bytes), Is.True);
            Assert.That(FsFreezeConfig.TryDecode(bytes, out FsFreezeConfig read), Is.True);
            Assert.Multiple(() =>
            {
                Assert.That(read.RequestSize, Is.EqualTo(512u));
                Assert.That(read.MaxEntries, Is.EqualTo(16u));
                Assert.That(read.MaxDeadlineMs, Is.EqualTo(90_000u));
            });
        }

        [Test]
        public void Detached_NegotiatesNothing_AndRefusesNullObservers()
        {
            var device = new Emulation.FsFreezeDevice();
            Assert.Multiple(() =>
            {
                Assert.That(device.NegotiatedFeatures, Is.Zero);
                Assert.That(device.IsDriverReady, Is.False);
                Assert.That(() => device.SetObserver(null!), Throws.ArgumentNullException);
                Assert.That(() => device.SetReplyInspector(null!), Throws.ArgumentNullException);
            });
        }

        [Test]
        [Category("FF-DEV-3")]
        public void NegotiatedFeatures_AreTheDeviceSpecificBitsTheDriverAccepted()
        {
            var bench = new DeviceBench().Start(features: FsFreezeFeature.Mask(FsFreezeFeature.Events) | FsFreezeFeature.Mask(FsFreezeFeature.SbDetail));
            Assert.That(bench.Device.NegotiatedFeatures, Is.EqualTo(FsFreezeFeature.Mask(FsFreezeFeature.Events) | FsFreezeFeature.Mask(FsFreezeFeature.SbDetail)), "VERSION_1 is not a device-specific bit");
        }

        [Test]
        [Category("FF-DEV-11")]
        public void Abandon_StopsAwaitingEachSlot_ALateReplyIsThenIgnored()
        {
            var bench = new DeviceBench().Start();
            Assert.That(bench.Device.SendFreeze(1000, 0, [], out uint freeze), Is.EqualTo(SendOutcome.Sent));
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            Assert.Multiple(() =>
            {
                Assert.That(bench.Device.Abandon(freeze), Is.True);
                Assert.That(bench.Device.Awaited.ControlRequestId, Is.Zero);
                Assert.That(bench.Device.Awaited.StatusRequestId, Is.EqualTo(status));
                Assert.That(bench.Device.Abandon(freeze), Is.False, "no longer awaited");
                Assert.That(bench.Device.Abandon(status), Is.True);
                Assert.That(bench.Device.Awaited.StatusRequestId, Is.Zero);
                Assert.That(bench.Device.Abandon(status), Is.False);
            });

            bench.SendReply(DeviceBench.Reply(RequestType.Status, status));
            Assert.Multiple(() =>
            {
                Assert.That(bench.Completed, Is.Empty);
                Assert.That(bench.Device.Counters.Ignored(ReplyIgnoredReason.UnknownRequestId), Is.EqualTo(1));
            });
        }

        [Test]
        [Category("FF-HOST-1")]
        public void Reset_DropsWhatAwaits_TellsTheObserverOnce_AndNothingWhenNothingAwaits()
        {
            var bench = new DeviceBench().Start();
            Assert.That(bench.Device.SendFreeze(1000, 0, [], out uint freeze), Is.EqualTo(SendOutcome.Sent));
            bench.Transport.Write(MmioRegister.Status, 4, 0);
            Assert.Multiple(() =>
            {
                Assert.That(bench.DriverGone, Is.EqualTo(new[] { (freeze, 0u) }), "a FREEZE alone awaiting is still reported");
                Assert.That(bench.Device.Awaited.ControlRequestId, Is.Zero);
            });

            bench.Transport.Write(MmioRegister.Status, 4, 0);
            Assert.That(bench.DriverGone, Has.Count.EqualTo(1), "nothing awaited: nothing to report");
        }

        [Test]
        public void Reset_DropsTheAwaitedRawRequest()
        {
            var bench = new DeviceBench().Start();
            Assert.That(bench.Device.SendRaw(FsFreezeRequest.Status(50).ToArray(), 16), Is.EqualTo(SendOutcome.Sent));
            bench.Transport.Write(MmioRegister.Status, 4, 0);
            Assert.Multiple(() =>
            {
                Assert.That(bench.RawDropped, Has.Count.EqualTo(1));
                Assert.That(bench.RawDropped[0].EchoRequestId, Is.EqualTo(50u));
                Assert.That(bench.Device.RawAwaited, Is.Null);
                Assert.That(bench.DriverGone, Is.Empty, "no host request awaited");
            });
        }

        [Test]
        [Category("FF-DEV-6")]
        public void DriverSetsFailed_AwaitedRequestsEndAtTheNextSend()
        {
            var bench = new DeviceBench().Start();
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            bench.Session!.Fail();
            Assert.Multiple(() =>
            {
                Assert.That(bench.Device.SendThaw(out uint thaw), Is.EqualTo(SendOutcome.NoDriver));
                Assert.That(thaw, Is.Zero);
                Assert.That(bench.DriverGone, Is.EqualTo(new[] { (0u, status) }));
            });
        }
    }
}
