using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Virtio.Tests.Mmio
{
    /// <summary>
    /// What the transport hands out about its queues (the device end for a layered transport, the in-flight count for
    /// leak checks), the selector registers across a reset (FF-INIT-8), and the interrupt line (FF-MMIO-8).
    /// </summary>
    [TestFixture]
    public sealed class TransportQueueAccessTests
    {
        private const ulong Base = 0x8000;
        private static readonly ulong Version1 = VirtioFeatureBit.Mask(VirtioFeatureBit.Version1);

        [Test]
        [Category("FF-RING-14")]
        public void DeviceInFlight_CountsChainsPoppedAndNotUsed_OnlyForAReadyQueue()
        {
            (VirtioMmioTransport transport, ProbeDevice device, _) = Create();
            ulong avail = EnableQueue0(transport);
            transport.Write(MmioRegister.Status, 4, (uint)(transport.Status | DeviceStatus.DriverOk));
            device.DeviceContext.Memory.TryWriteUInt16(avail + SplitRingLayout.AvailIdxOffset, 1);

            Assert.That(device.DeviceContext.GetQueue(0)!.TryPop(new ChainBuffer[16], out _, out QueueError error), Is.True, error.ToString());

            Assert.That(transport.DeviceInFlight(0), Is.EqualTo(1));
            Assert.That(transport.DeviceInFlight(1), Is.Zero);
            Assert.That(transport.DeviceInFlight(-1), Is.Zero);
            transport.Write(MmioRegister.QueueReady, 4, 0);
            Assert.That(transport.DeviceInFlight(0), Is.Zero, "a stopped queue has no device end");
        }

        [Test]
        public void GetDeviceQueue_IsTheReadyQueuesEnd_WhateverTheStatus()
        {
            (VirtioMmioTransport transport, ProbeDevice device, _) = Create();
            EnableQueue0(transport);

            Assert.That(transport.GetDeviceQueue(0), Is.Not.Null, "ready, before DRIVER_OK");
            Assert.That(device.DeviceContext.GetQueue(0), Is.Null, "but not live before DRIVER_OK");
            Assert.That(transport.GetDeviceQueue(1), Is.Null);
            Assert.That(transport.GetDeviceQueue(-1), Is.Null);
            Assert.That(device.DeviceContext.GetQueue(-1), Is.Null);
            Assert.That(device.DeviceContext.GetQueue(1), Is.Null);
        }

        [Test]
        [Category("FF-INIT-8")]
        public void Reset_ReturnsEverySelectorToZero()
        {
            (VirtioMmioTransport transport, _, _) = Create();
            transport.Write(MmioRegister.ShmSel, 4, 5);
            transport.Write(MmioRegister.DriverFeaturesSel, 4, 1);
            transport.Write(MmioRegister.QueueSel, 4, 1);
            transport.Write(MmioRegister.DeviceFeaturesSel, 4, 1);

            transport.Write(MmioRegister.Status, 4, 0);

            Assert.That(transport.ShmSel, Is.Zero);
            Assert.That(transport.Read(MmioRegister.QueueSizeMax, 4), Is.EqualTo(16u), "QueueSel 0 again: queue 0 has 16, queue 1 has 32");
            Assert.That(transport.Read(MmioRegister.DeviceFeatures, 4), Is.EqualTo(0x5u), "DeviceFeaturesSel 0 again");
            transport.Write(MmioRegister.DriverFeatures, 4, 0x4);
            Assert.That(transport.DriverFeatures, Is.EqualTo(0x4ul), "DriverFeaturesSel 0 again");
        }

        [Test]
        [Category("FF-MMIO-8")]
        public void InterruptLine_IsRaisedOnlyForNewBits_AndAckClearsOnlyTheBitsWritten()
        {
            (VirtioMmioTransport transport, ProbeDevice device, CountingInterruptLine line) = Create();
            Negotiate(transport);
            transport.Write(MmioRegister.Status, 4, (uint)(transport.Status | DeviceStatus.DriverOk));

            device.DeviceContext.RaiseUsedBufferInterrupt();
            device.DeviceContext.RaiseUsedBufferInterrupt();
            Assert.That(line.Count, Is.EqualTo(1), "the bit was already pending");

            device.DeviceContext.NotifyConfigChanged();
            Assert.That(line.Count, Is.EqualTo(2));
            Assert.That(transport.Read(MmioRegister.InterruptStatus, 4), Is.EqualTo(3u));

            transport.Write(MmioRegister.InterruptAck, 4, (uint)MmioInterrupt.UsedBuffer);
            Assert.That(transport.InterruptStatus, Is.EqualTo(MmioInterrupt.ConfigurationChange));

            device.DeviceContext.RaiseUsedBufferInterrupt();
            Assert.That(line.Count, Is.EqualTo(3), "set again after the acknowledgement");
        }

        [Test]
        [Category("FF-MMIO-10")]
        public void ConfigChange_BeforeDriverOk_MovesTheGenerationWithoutAnInterrupt()
        {
            (VirtioMmioTransport transport, ProbeDevice device, CountingInterruptLine line) = Create();
            Negotiate(transport);

            device.DeviceContext.NotifyConfigChanged();

            Assert.That(transport.Read(MmioRegister.ConfigGeneration, 4), Is.EqualTo(1u));
            Assert.That(transport.InterruptStatus, Is.EqualTo(MmioInterrupt.None));
            Assert.That(line.Count, Is.Zero);
        }

        [Test]
        [Category("FF-INIT-10")]
        public void DriverOk_OnAFailedDevice_DoesNotStartTheDevice()
        {
            (VirtioMmioTransport transport, ProbeDevice device, _) = Create();
            Negotiate(transport);
            transport.Write(MmioRegister.Status, 4, (uint)(transport.Status | DeviceStatus.Failed));

            transport.Write(MmioRegister.Status, 4, (uint)(transport.Status | DeviceStatus.DriverOk));

            Assert.That(device.DriverOkCalls, Is.Zero);
            Assert.That(device.DeviceContext.CanProcessQueues, Is.False);
        }

        [Test]
        [Category("FF-INIT-6")]
        public void StatusWrittenAgainAfterDriverOk_DoesNotStartTheDeviceTwice()
        {
            (VirtioMmioTransport transport, ProbeDevice device, _) = Create();
            Negotiate(transport);
            transport.Write(MmioRegister.Status, 4, (uint)(transport.Status | DeviceStatus.DriverOk));

            transport.Write(MmioRegister.Status, 4, (uint)transport.Status);

            Assert.That(device.DriverOkCalls, Is.EqualTo(1));
        }

        [Test]
        [Category("FF-INIT-6")]
        public void SignalUsedBuffers_ForAQueueThatIsNotLive_RaisesNothing()
        {
            (VirtioMmioTransport transport, ProbeDevice device, CountingInterruptLine line) = Create();
            EnableQueue0(transport);

            device.DeviceContext.SignalUsedBuffers(0);
            device.DeviceContext.SignalUsedBuffers(1);

            Assert.That(transport.InterruptStatus, Is.EqualTo(MmioInterrupt.None), "before DRIVER_OK nothing is live");
            Assert.That(line.Count, Is.Zero);
        }

        [Test]
        [Category("FF-INIT-5")]
        public void Context_SeesTheNegotiatedFeatures_OnlyOnceFeaturesOkIsSet()
        {
            (VirtioMmioTransport transport, ProbeDevice device, _) = Create();
            transport.Write(MmioRegister.Status, 4, 3);
            transport.Write(MmioRegister.DriverFeaturesSel, 4, 1);
            transport.Write(MmioRegister.DriverFeatures, 4, 1);

            Assert.That(device.DeviceContext.NegotiatedFeatures, Is.Zero);
            transport.Write(MmioRegister.Status, 4, 11);
            Assert.That(device.DeviceContext.NegotiatedFeatures, Is.EqualTo(Version1));
        }

        [Test]
        [Category("FF-MMIO-6")]
        public void QueueSize_EqualToQueueSizeMax_IsAccepted_OneMoreIsNot()
        {
            (VirtioMmioTransport transport, _, _) = Create();
            Negotiate(transport);
            EnableQueue0(transport, size: 16);
            Assert.That(transport.Read(MmioRegister.QueueReady, 4), Is.EqualTo(1u));

            (VirtioMmioTransport other, _, _) = Create();
            Negotiate(other);
            EnableQueue0(other, size: 17);
            Assert.That(other.Read(MmioRegister.QueueReady, 4), Is.Zero);
            Assert.That(other.Fault, Is.EqualTo(new DeviceFault(0, QueueError.InvalidQueueSize)));
        }

        private static (VirtioMmioTransport, ProbeDevice, CountingInterruptLine) Create()
        {
            var device = new ProbeDevice(0x5, 8, 16, 32);
            var line = new CountingInterruptLine();
            return (new VirtioMmioTransport(device, GuestMemory.Allocate(Base, 64 << 10), line), device, line);
        }

        private static void Negotiate(VirtioMmioTransport transport)
        {
            transport.Write(MmioRegister.Status, 4, 3);
            transport.Write(MmioRegister.DriverFeaturesSel, 4, 1);
            transport.Write(MmioRegister.DriverFeatures, 4, 1);
            transport.Write(MmioRegister.Status, 4, 11);
        }

        /// <summary>Negotiates if needed and enables queue 0 as a split ring of <paramref name="size"/>; returns its Driver Area.</summary>
        private static ulong EnableQueue0(VirtioMmioTransport transport, ushort size = 16)
        {
            if ((transport.Status & DeviceStatus.FeaturesOk) == 0)
            {
                Negotiate(transport);
            }

            ulong desc = Base;
            ulong avail = desc + 0x1000;
            ulong used = desc + 0x2000;
            transport.Write(MmioRegister.QueueSel, 4, 0);
            transport.Write(MmioRegister.QueueSize, 4, size);
            transport.Write(MmioRegister.QueueDescLow, 4, (uint)desc);
            transport.Write(MmioRegister.QueueDriverLow, 4, (uint)avail);
            transport.Write(MmioRegister.QueueDeviceLow, 4, (uint)used);
            transport.Write(MmioRegister.QueueReady, 4, 1);

            // One valid chain at head 0 (a 4-byte readable buffer) for the tests that pop it.
            GuestMemory memory = transport.Device is ProbeDevice probe ? probe.DeviceContext.Memory : throw new AssertionException("probe");
            memory.TryWriteUInt64(desc, Base + 0x3000);
            memory.TryWriteUInt32(desc + 8, 4);
            memory.TryWriteUInt16(avail + (ulong)SplitRingLayout.AvailSlotOffset(0), 0);
            return avail;
        }
    }
}
