using System;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Device
{
    /// <summary>What the device presents before any request: ID, queues, features, configuration (FF-DEV-1, 2, 3, 5).</summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.Devices))]
    public sealed class DeviceIdentityTests
    {
        private readonly IDeviceImplementation _implementation;

        public DeviceIdentityTests(IDeviceImplementation implementation) => _implementation = implementation;

        private uint Read(GuestBench bench, ulong offset) => bench.Registers.Read(offset, 4);

        [Test]
        [Requirement("FF-DEV-1")]
        public void DeviceId_Is65535()
        {
            var bench = new GuestBench(_implementation);
            Assert.That(Read(bench, MmioRegister.DeviceId), Is.EqualTo(65535u));
        }

        [Test]
        [Requirement("FF-DEV-2")]
        public void ExactlyTwoQueues_EachAtLeastTwoDeep()
        {
            var bench = new GuestBench(_implementation);
            uint SizeMax(uint queue)
            {
                bench.Registers.Write(MmioRegister.QueueSel, 4, queue);
                return Read(bench, MmioRegister.QueueSizeMax);
            }

            Assert.Multiple(() =>
            {
                Assert.That(SizeMax(0), Is.GreaterThanOrEqualTo(2u), "requestq");
                Assert.That(SizeMax(1), Is.GreaterThanOrEqualTo(2u), "replyq");
                Assert.That(SizeMax(2), Is.Zero, "no third queue");
            });
        }

        [Test]
        [Requirement("FF-DEV-3")]
        public void Features_Version1AndOnlyDefinedDeviceBits()
        {
            var bench = new GuestBench(_implementation);
            bench.Registers.Write(MmioRegister.DeviceFeaturesSel, 4, 0);
            ulong low = Read(bench, MmioRegister.DeviceFeatures);
            bench.Registers.Write(MmioRegister.DeviceFeaturesSel, 4, 1);
            ulong features = low | ((ulong)Read(bench, MmioRegister.DeviceFeatures) << 32);
            Assert.Multiple(() =>
            {
                Assert.That(VirtioFeatureBit.IsSet(features, VirtioFeatureBit.Version1), Is.True);
                Assert.That(features & FsFreezeFeature.ReservedMask, Is.Zero, "reserved bits 4-23 never offered");
                Assert.That(features & FsFreezeFeature.KnownMask, Is.EqualTo(FsFreezeFeature.KnownMask), "the reference offers all four by default");
            });
        }

        [Test]
        [Requirement("FF-DEV-3")]
        public void Features_OfferedSubsetIsConfigurable()
        {
            var bench = new GuestBench(_implementation, new FsFreezeDeviceOptions { OfferedFeatures = FsFreezeFeature.Mask(FsFreezeFeature.Events) });
            bench.Registers.Write(MmioRegister.DeviceFeaturesSel, 4, 0);
            Assert.That(Read(bench, MmioRegister.DeviceFeatures) & 0xFFFFFF, Is.EqualTo((uint)FsFreezeFeature.Mask(FsFreezeFeature.Events)));
        }

        [Test]
        [Requirement("FF-DEV-5")]
        public void Config_ReadsTheConfiguredValues_AndStaysUnderDriverOk()
        {
            var options = new FsFreezeDeviceOptions { Config = new FsFreezeConfig(256, 8, 1234) };
            var bench = new GuestBench(_implementation, options).Start();
            byte[] bytes = new byte[FsFreezeConfig.Size];
            Assert.That(bench.Session!.TryReadConfig(0, bytes), Is.True);
            Assert.That(FsFreezeConfig.TryDecode(bytes, out FsFreezeConfig config), Is.True);

            // A driver write to the configuration changes nothing (FF-DRV-6 forbids it; the device ignores it).
            bench.Session.WriteConfig(0, 4, 16);
            byte[] again = new byte[FsFreezeConfig.Size];
            bench.Session.TryReadConfig(0, again);
            Assert.Multiple(() =>
            {
                Assert.That((config.RequestSize, config.MaxEntries, config.MaxDeadlineMs), Is.EqualTo((256u, 8u, 1234u)));
                Assert.That(config.Validate(), Is.EqualTo(ConfigProblem.None));
                Assert.That(again, Is.EqualTo(bytes));
            });
        }

        [TestCase(8u, 4u, 1u)]
        [TestCase(70000u, 4u, 1u)]
        [TestCase(16u, 5000u, 1u)]
        [TestCase(16u, 4u, 0u)]
        [Requirement("FF-DEV-5")]
        public void Config_OutOfRange_IsRefusedAtConstruction(uint requestSize, uint maxEntries, uint maxDeadline)
        {
            var options = new FsFreezeDeviceOptions { Config = new FsFreezeConfig(requestSize, maxEntries, maxDeadline) };
            Assert.That(() => _implementation.Create(options, FsFreeze.Virtio.Memory.GuestMemory.Allocate(0x1000, 4096), new FsFreeze.Conformance.Transport.RecordingInterruptLine()), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }
}
