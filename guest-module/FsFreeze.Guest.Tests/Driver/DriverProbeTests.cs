using System;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Guest.Driver;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Guest.Tests.Driver
{
    /// <summary>
    /// Probe against a device that misbehaves at each step of the generic initialisation (FF-INIT-2): the outcome,
    /// the FAILED status and the driver's bookkeeping after giving up (FF-DRV-1 to FF-DRV-7).
    /// </summary>
    public sealed class DriverProbeTests
    {
        /// <summary>No buffer posted, in flight, lost or waiting; the buffers themselves are kept for the next probe (FF-DRV-33).</summary>
        private static void AssertNothingPosted(DriverQueueAccounting accounting) =>
            Assert.That(accounting with { RequestBuffers = 0 }, Is.EqualTo(new DriverQueueAccounting(0, 0, 0, 0, 0, 0, 0)));

        /// <summary>FAILED as the driver wrote it (a device may refuse a write that clears a bit a tampered read hid).</summary>
        private static bool WroteFailed(DriverRig rig) =>
            rig.Registers.WritesTo(MmioRegister.Status).Any(static v => (v & (uint)DeviceStatus.Failed) != 0);

        [TestCase(MmioRegister.MagicValue)]
        [TestCase(MmioRegister.Version)]
        [Category("FF-DRV-1")]
        public void NotAVirtioMmioDevice_IsLeftAlone_AndTheDriverIsFailed(ulong register)
        {
            var rig = new DriverRig();
            rig.Registers.OnRead = (offset, value, _) => offset == register ? value + 1 : value;
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.Probe(), Is.EqualTo(ProbeOutcome.NotVirtioMmio));
                Assert.That(rig.Registers.Writes, Is.Empty, "nothing written");
                Assert.That(rig.Driver.Phase, Is.EqualTo(DriverPhase.Failed));
            });
        }

        [Test]
        [Category("FF-INIT-2")]
        public void Bind_SetsTheStatusBitsOneByOne_AfterAReset()
        {
            var rig = new DriverRig().Bound();
            const uint ack = (uint)DeviceStatus.Acknowledge;
            const uint drv = ack | (uint)DeviceStatus.Driver;
            const uint fok = drv | (uint)DeviceStatus.FeaturesOk;
            Assert.Multiple(() =>
            {
                Assert.That(rig.Registers.WritesTo(MmioRegister.Status), Is.EqualTo(new[] { 0u, ack, drv, fok, fok | (uint)DeviceStatus.DriverOk }));
                Assert.That(rig.Driver.Phase, Is.EqualTo(DriverPhase.Ready));
            });
        }

        [Test]
        [Category("FF-INIT-2")]
        public void AStatusThatDoesNotClear_IsAFailedReset_WithNothingElseWritten()
        {
            var rig = new DriverRig();
            rig.Registers.OnRead = (offset, value, _) => offset == MmioRegister.Status ? value | (uint)DeviceStatus.Acknowledge : value;
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.Probe(), Is.EqualTo(ProbeOutcome.ResetFailed));
                Assert.That(rig.Registers.WritesTo(MmioRegister.Status), Is.EqualTo(new[] { 0u }));
                Assert.That(rig.Driver.Phase, Is.EqualTo(DriverPhase.Failed));
            });
        }

        [Test]
        [Category("FF-DRV-4")]
        public void WithoutVersion1Offered_FeaturesAreRefused_AndFailedIsSet()
        {
            var rig = new DriverRig();
            rig.Registers.OnRead = (offset, value, _) =>
                offset == MmioRegister.DeviceFeatures && rig.Registers.WritesTo(MmioRegister.DeviceFeaturesSel).LastOrDefault() == 1 ? 0 : value;
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.Probe(), Is.EqualTo(ProbeOutcome.FeaturesRefused));
                Assert.That(rig.Transport.Status & DeviceStatus.Failed, Is.EqualTo(DeviceStatus.Failed));
                Assert.That(rig.Transport.Status & DeviceStatus.FeaturesOk, Is.EqualTo(DeviceStatus.None));
                Assert.That(rig.Device.AvailableRequestBuffers, Is.Zero);
            });
        }

        [Test]
        [Category("FF-INIT-2")]
        public void FeaturesOkThatDoesNotStick_IsARefusal_AndFailedIsSet()
        {
            var rig = new DriverRig();
            rig.Registers.OnRead = (offset, value, _) => offset == MmioRegister.Status ? value & ~(uint)DeviceStatus.FeaturesOk : value;
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.Probe(), Is.EqualTo(ProbeOutcome.FeaturesRefused));
                Assert.That(WroteFailed(rig), Is.True);
                Assert.That(rig.Transport.Status & DeviceStatus.DriverOk, Is.EqualTo(DeviceStatus.None));
            });
        }

        [Test]
        [Category("FF-DRV-4")]
        public void FeatureWindows_CarryTheLowAndHighWords_AndAReloadNegotiatesTheSame()
        {
            var rig = new DriverRig().Bound();
            ulong expected = FsFreezeFeature.KnownMask | VirtioFeatureBit.Mask(VirtioFeatureBit.Version1);
            Assert.That(rig.Transport.NegotiatedFeatures, Is.EqualTo(expected));
            Assert.That(rig.Remove(), Is.True);
            rig.Registers.Writes.Clear();
            rig.Bound();
            var windows = rig.Registers.Writes.Where(static w => w.Offset is MmioRegister.DriverFeaturesSel or MmioRegister.DriverFeatures).Select(static w => w.Value);
            Assert.Multiple(() =>
            {
                Assert.That(windows, Is.EqualTo(new[] { 0u, (uint)expected, 1u, (uint)(expected >> 32) }));
                Assert.That(rig.Transport.NegotiatedFeatures, Is.EqualTo(expected), "the reload reads both DeviceFeatures windows afresh");
                Assert.That(rig.Driver.NegotiatedFeatures, Is.EqualTo(expected));
            });
        }

        [Test]
        [Category("FF-DRV-6")]
        public void Configuration_IsReadWhole_EveryByteOfEveryField()
        {
            var config = new FsFreezeConfig(0x1234, 0x0102, 0x0403_0201);
            var rig = new DriverRig(config: config).Bound();
            Assert.That(rig.Driver.Configuration, Is.EqualTo(config));
        }

        [Test]
        [Category("FF-DRV-6")]
        public void AGenerationThatMovesOnce_IsReadAgain_AndBinds()
        {
            var rig = new DriverRig();
            int reads = 0;
            rig.Registers.OnRead = (offset, value, _) => offset == MmioRegister.ConfigGeneration ? (uint)(++reads == 2 ? 7 : 0) : value;
            Assert.That(rig.Driver.Probe(), Is.EqualTo(ProbeOutcome.Bound));
            Assert.That(reads, Is.EqualTo(4), "read before and after, twice");
        }

        [Test]
        [Category("FF-DRV-6")]
        public void AGenerationThatNeverSettles_IsABadConfiguration_After16Attempts()
        {
            var rig = new DriverRig();
            uint generation = 0;
            rig.Registers.OnRead = (offset, value, _) => offset == MmioRegister.ConfigGeneration ? generation++ : value;
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.Probe(), Is.EqualTo(ProbeOutcome.BadConfiguration));
                Assert.That(generation, Is.EqualTo(32u), "16 attempts of two generation reads");
                Assert.That(rig.Transport.Status & DeviceStatus.Failed, Is.EqualTo(DeviceStatus.Failed));
            });
        }

        [Test]
        [Category("FF-DRV-7")]
        public void AConfigurationOutsideItsBounds_IsRefused_AndFailedIsSet()
        {
            var rig = new DriverRig(config: new FsFreezeConfig(8, 64, 600_000));
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.Probe(), Is.EqualTo(ProbeOutcome.BadConfiguration));
                Assert.That(rig.Transport.Status & DeviceStatus.Failed, Is.EqualTo(DeviceStatus.Failed));
                Assert.That(rig.Driver.Phase, Is.EqualTo(DriverPhase.Failed));
            });
        }

        [Test]
        [Category("FF-DRV-7")]
        public void ARequestqAlreadyLive_IsAFailedQueueSetup()
        {
            var rig = new DriverRig();
            rig.Registers.OnRead = (offset, value, sel) => offset == MmioRegister.QueueReady && sel == 0 ? 1 : value;
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.Probe(), Is.EqualTo(ProbeOutcome.QueueSetupFailed));
                Assert.That(rig.Transport.Status & DeviceStatus.Failed, Is.EqualTo(DeviceStatus.Failed));
                AssertNothingPosted(rig.Driver.Accounting);
            });
        }

        [Test]
        [Category("FF-DRV-2")]
        public void ATwoEntryRequestq_Binds_WithBothBuffersPosted()
        {
            var rig = new DriverRig(queueSizeMax: 2).Bound();
            Assert.Multiple(() =>
            {
                Assert.That(rig.QueueSize(0), Is.EqualTo(2));
                Assert.That(rig.Device.AvailableRequestBuffers, Is.EqualTo(2));
                Assert.That(rig.Status().Status, Is.EqualTo(ReplyStatus.Ok));
            });
        }

        [Test]
        [Category("FF-DRV-2")]
        public void AOneEntryReplyq_Binds_AndCarriesReplies()
        {
            var rig = new DriverRig();
            rig.Registers.OnRead = (offset, value, sel) => offset == MmioRegister.QueueSizeMax && sel == 1 ? 1 : value;
            rig.Bound();
            Assert.Multiple(() =>
            {
                Assert.That(rig.QueueSize(1), Is.EqualTo(1));
                Assert.That(rig.Status().Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(rig.Status().Status, Is.EqualTo(ReplyStatus.Ok));
            });
        }

        [TestCase((ushort)16, (ushort)16, 16)]
        [TestCase((ushort)16, (ushort)12, 8)]
        [TestCase((ushort)12, (ushort)16, 8)]
        [Category("FF-RING-2")]
        public void QueueSize_IsThePowerOfTwoBelowBothLimits(ushort sizeMax, ushort optionMax, int expected)
        {
            var rig = new DriverRig(new FsFreezeDriverOptions { MaxQueueSize = optionMax }, queueSizeMax: sizeMax).Bound();
            Assert.That(new[] { rig.QueueSize(0), rig.QueueSize(1) }, Is.All.EqualTo(expected));
        }

        [Test]
        [Category("FF-DRV-7")]
        public void AMaxQueueSizeOfZero_MeansOneEntry_TooFewForRequestq()
        {
            var rig = new DriverRig(new FsFreezeDriverOptions { MaxQueueSize = 0 });
            Assert.That(rig.Driver.Probe(), Is.EqualTo(ProbeOutcome.QueueSetupFailed));
        }

        [TestCase(0x8000UL, 100UL, TestName = "NoRoomForTheRings")]
        [TestCase(0x8000UL, 2048UL, TestName = "NoRoomForTheRequestBuffers")]
        [TestCase(0x4000_0000UL, 0x10_0000UL, TestName = "RingsOutsideGuestMemory")]
        [Category("FF-DRV-7")]
        public void WhenGuestMemoryRunsOut_TheProbeFails_AndNothingIsLeftPosted(ulong allocatorBase, ulong allocatorSize)
        {
            var rig = new DriverRig(memoryBase: 0, memorySize: 1 << 20, allocatorBase: allocatorBase, allocatorSize: allocatorSize);
            rig.Disk("/");
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.Probe(), Is.EqualTo(ProbeOutcome.QueueSetupFailed));
                Assert.That(rig.Transport.Status & DeviceStatus.Failed, Is.EqualTo(DeviceStatus.Failed));
                Assert.That(rig.Device.AvailableRequestBuffers, Is.Zero);
                AssertNothingPosted(rig.Driver.Accounting);
            });
        }

        [Test]
        [Category("FF-DRV-7")]
        public void WhenTheReplyBuffersDoNotFit_TheProbeFails()
        {
            // 4 request buffers of 16 bytes fit; 4 reply buffers of 48 + 64 * 32 bytes do not.
            var rig = new DriverRig(config: new FsFreezeConfig(16, 64, 600_000), memoryBase: 0, memorySize: 1 << 20, allocatorBase: 0x8000, allocatorSize: 4096);
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.Probe(), Is.EqualTo(ProbeOutcome.QueueSetupFailed));
                Assert.That(rig.Transport.Status & DeviceStatus.Failed, Is.EqualTo(DeviceStatus.Failed));
            });
        }

        [Test]
        [Category("FF-MMIO-1")]
        public void RingsAbove4GiB_AreWrittenWithTheirHighHalves_AndWork()
        {
            const ulong high = 0x2_0000_0000;
            var rig = new DriverRig(memoryBase: high, memorySize: 1 << 20).Bound();
            Assert.Multiple(() =>
            {
                foreach (uint queue in new uint[] { 0, 1 })
                {
                    Assert.That(rig.Registers.Area(MmioRegister.QueueDescLow, MmioRegister.QueueDescHigh, queue), Is.GreaterThanOrEqualTo(high));
                    Assert.That(rig.Registers.Area(MmioRegister.QueueDriverLow, MmioRegister.QueueDriverHigh, queue), Is.GreaterThanOrEqualTo(high));
                    Assert.That(rig.UsedRing(queue), Is.GreaterThanOrEqualTo(high));
                }

                Assert.That(rig.Status().Status, Is.EqualTo(ReplyStatus.Ok));
            });
        }

        [TestCase(false)]
        [TestCase(true)]
        [Category("FF-RING-1")]
        public void RingAreas_FitEitherRingFormat_AlignedAndApart(bool packed)
        {
            ulong ring = packed ? VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked) : 0;
            var rig = new DriverRig(new FsFreezeDriverOptions { SupportedFeatures = FsFreezeDriverOptions.AllFeatures | ring }, offered: FsFreezeFeature.KnownMask | ring).Bound();
            var areas = new List<(ulong Start, ulong End)>();
            foreach (uint queue in new uint[] { 0, 1 })
            {
                ushort size = rig.QueueSize(queue);
                VirtqueueAreas split = VirtqueueAreas.For(packed: false, size);
                VirtqueueAreas pack = VirtqueueAreas.For(packed: true, size);
                ulong desc = rig.Registers.Area(MmioRegister.QueueDescLow, MmioRegister.QueueDescHigh, queue);
                ulong driver = rig.Registers.Area(MmioRegister.QueueDriverLow, MmioRegister.QueueDriverHigh, queue);
                ulong device = rig.UsedRing(queue);
                Assert.Multiple(() =>
                {
                    Assert.That(desc % (ulong)Math.Max(split.DescriptorAlignment, pack.DescriptorAlignment), Is.Zero);
                    Assert.That(driver % (ulong)Math.Max(split.DriverAlignment, pack.DriverAlignment), Is.Zero);
                    Assert.That(device % (ulong)Math.Max(split.DeviceAlignment, pack.DeviceAlignment), Is.Zero);
                });
                areas.Add((desc, desc + (ulong)Math.Max(split.DescriptorBytes, pack.DescriptorBytes)));
                areas.Add((driver, driver + (ulong)Math.Max(split.DriverBytes, pack.DriverBytes)));
                areas.Add((device, device + (ulong)Math.Max(split.DeviceBytes, pack.DeviceBytes)));
            }

            areas.Sort();
            for (int i = 1; i < areas.Count; i++)
            {
                Assert.That(areas[i].Start, Is.GreaterThanOrEqualTo(areas[i - 1].End), $"area {i} overlaps the one before");
            }

            Assert.That(rig.Status().Status, Is.EqualTo(ReplyStatus.Ok));
        }

        [Test]
        [Category("FF-DRV-7")]
        public void DeviceNeedsResetAtDriverOk_FailsTheProbe_AndDropsEveryBuffer()
        {
            var rig = new DriverRig();
            rig.Registers.OnRead = (offset, value, _) =>
                offset == MmioRegister.Status && (value & (uint)DeviceStatus.DriverOk) != 0 ? value | (uint)DeviceStatus.DeviceNeedsReset : value;
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.Probe(), Is.EqualTo(ProbeOutcome.DeviceNeedsReset));
                Assert.That(WroteFailed(rig), Is.True);
                AssertNothingPosted(rig.Driver.Accounting);
                Assert.That(rig.Driver.Phase, Is.EqualTo(DriverPhase.Failed));
            });
        }

        [Test]
        [Category("FF-INIT-2")]
        public void DriverOkThatDoesNotStick_FailsTheProbe()
        {
            var rig = new DriverRig();
            rig.Registers.OnRead = (offset, value, _) => offset == MmioRegister.Status ? value & ~(uint)DeviceStatus.DriverOk : value;
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.Probe(), Is.EqualTo(ProbeOutcome.DeviceNeedsReset));
                AssertNothingPosted(rig.Driver.Accounting);
            });
        }

        [Test]
        [Category("FF-DRV-2")]
        public void Bind_NotifiesRequestq_ForTheBuffersItPosted()
        {
            var rig = new DriverRig().Bound();
            Assert.That(rig.Registers.WritesTo(MmioRegister.QueueNotify), Does.Contain((uint)FsFreezeDevice.RequestQueueIndex));
        }

        [Test]
        [Category("FF-DRV-7")]
        public void AFailedReprobe_OfABoundDriver_LeavesNoBufferBookkeeping()
        {
            var rig = new DriverRig().Bound();
            Assert.That(rig.Driver.Accounting.RequestBuffersPosted, Is.EqualTo(4));
            rig.Registers.OnRead = (offset, value, _) => offset == MmioRegister.MagicValue ? 0 : value;
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.Probe(), Is.EqualTo(ProbeOutcome.NotVirtioMmio));
                AssertNothingPosted(rig.Driver.Accounting);
            });
        }
    }
}
