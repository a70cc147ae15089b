using System.Linq;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Virtio.Common;

namespace FsFreeze.Conformance.Driver
{
    /// <summary>Probe and setup: binding, negotiation, configuration and buffers (FF-DRV-1 to FF-DRV-7).</summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.Drivers))]
    public sealed class DriverProbeTests
    {
        private readonly IDriverImplementation implementation;

        public DriverProbeTests(IDriverImplementation implementation) => this.implementation = implementation;

        [Test]
        [Requirement("FF-DRV-1")]
        public void BindsToDeviceId65535_WhateverTheVendorId()
        {
            var harness = new DriverHarness(implementation);
            Assert.That(harness.Driver.Probe(), Is.True);
            Assert.That(harness.Transport.Status & DeviceStatus.DriverOk, Is.EqualTo(DeviceStatus.DriverOk));
        }

        [Test]
        [Requirement("FF-DRV-1")]
        public void DoesNotBindToAnotherDeviceId_AndWritesNoStatus()
        {
            var harness = new DriverHarness(implementation, deviceId: 65534);
            Assert.That(harness.Driver.Probe(), Is.False);
            Assert.That(harness.Registers.StatusWrites, Is.Empty);
        }

        [Test]
        [Requirement("FF-DRV-4")]
        public void AcceptsVersion1_AndNoReservedBit_EvenWhenOffered()
        {
            ulong offered = DriverHarness.AllFeatures | (1UL << 4) | (1UL << 23);
            var harness = new DriverHarness(implementation, offered: offered, supported: ulong.MaxValue).Bound();
            ulong accepted = harness.Transport.NegotiatedFeatures;
            Assert.Multiple(() =>
            {
                Assert.That(VirtioFeatureBit.IsSet(accepted, VirtioFeatureBit.Version1), Is.True);
                Assert.That(accepted & FsFreezeFeature.ReservedMask, Is.Zero);
                Assert.That(accepted & FsFreezeFeature.KnownMask, Is.EqualTo(FsFreezeFeature.KnownMask));
            });
        }

        [Test]
        [Requirement("FF-DRV-4")]
        public void NegotiatesAConfiguredSubset()
        {
            ulong subset = FsFreezeFeature.Mask(FsFreezeFeature.SbDetail) | FsFreezeFeature.Mask(FsFreezeFeature.Events);
            var harness = new DriverHarness(implementation, supported: subset).Bound();
            Assert.That(harness.Transport.NegotiatedFeatures & 0xFFFFFF, Is.EqualTo(subset));
        }

        [Test]
        [Requirement("FF-DRV-2")]
        public void PostsTwoRequestBuffersBeforeDriverOk_AndKeepsTwoPosted()
        {
            var harness = new DriverHarness(implementation).Bound();
            Assert.That(harness.Device.RequestBuffersAtDriverOk, Is.GreaterThanOrEqualTo(2));
            for (int i = 0; i < 5; i++)
            {
                harness.Status();
                Assert.That(harness.Device.AvailableRequestBuffers, Is.GreaterThanOrEqualTo(2), "reposted after reading");
            }
        }

        [Test]
        [Requirement("FF-DRV-3")]
        public void RequestBuffersAreWritableOnly_ReplyBuffersReadableOnly()
        {
            var harness = new DriverHarness(implementation).Bound();
            harness.Status();
            harness.Thaw();
            Assert.Multiple(() =>
            {
                Assert.That(harness.Device.RequestChains.Select(static c => c.Readable), Is.All.Zero);
                Assert.That(harness.Device.ReplyChainWritableCounts, Is.Not.Empty.And.All.Zero);
            });
        }

        [Test]
        [Requirement("FF-DRV-6")]
        public void RequestBuffersHoldRequestSize_AndConfigIsNeverWritten()
        {
            var harness = new DriverHarness(implementation, config: new FsFreezeConfig(5000, 16, 60_000)).Bound();
            harness.Status();
            Assert.Multiple(() =>
            {
                Assert.That(harness.Device.RequestChains.Select(static c => c.WritableLength), Is.All.GreaterThanOrEqualTo(5000u));
                Assert.That(harness.Device.ConfigWrites, Is.Zero);
                Assert.That(harness.Registers.ConfigWrites, Is.Zero);
            });
        }

        [Test]
        [Requirement("FF-DRV-7")]
        public void WithoutReplyq_SetsFailed_AndFreezesNothing()
        {
            var harness = new DriverHarness(implementation, queueCount: 1);
            harness.Mount(FilesystemTypes.Ext4, "/");
            Assert.That(harness.Driver.Probe(), Is.False);
            Assert.Multiple(() =>
            {
                Assert.That(harness.Transport.Status & DeviceStatus.Failed, Is.EqualTo(DeviceStatus.Failed));
                Assert.That(harness.Transport.Status & DeviceStatus.DriverOk, Is.EqualTo(DeviceStatus.None));
                Assert.That(harness.Device.AvailableRequestBuffers, Is.Zero);
                Assert.That(harness.KernelFrozen(), Is.Empty);
            });
        }

        [Test]
        [Requirement("FF-DRV-7")]
        public void WithAOneEntryRequestq_SetsFailed()
        {
            var harness = new DriverHarness(implementation, queueSizeMax: 1);
            Assert.That(harness.Driver.Probe(), Is.False);
            Assert.That(harness.Transport.Status & DeviceStatus.Failed, Is.EqualTo(DeviceStatus.Failed));
        }
    }
}
