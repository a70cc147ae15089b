using System;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Virtio.Tests.Mmio
{
    [TestFixture]
    public sealed class VirtioMmioTransportTests
    {
        private const ulong Base = 0x1000;
        private static readonly ulong Version1 = VirtioFeatureBit.Mask(VirtioFeatureBit.Version1);

        [Test]
        public void Constructor_DeviceAlreadyAttached_Throws()
        {
            var device = new ProbeDevice();
            var memory = GuestMemory.Allocate(Base, 4096);
            _ = new VirtioMmioTransport(device, memory);

            Assert.That(() => new VirtioMmioTransport(device, memory), Throws.InvalidOperationException);
        }

        [Test]
        public void StatusWrite_AboveEightBits_IsIgnored()
        {
            var (transport, _, _) = Create();

            transport.Write(MmioRegister.Status, 4, 0x101);

            Assert.That(transport.Status, Is.EqualTo(DeviceStatus.None));
        }

        [Test]
        public void QueueReady_BeforeFeaturesOk_IsIgnoredWithoutFault()
        {
            var (transport, _, _) = Create();
            ProgramSplit(transport, 16);

            transport.Write(MmioRegister.QueueReady, 4, 1);

            Assert.That(transport.Read(MmioRegister.QueueReady, 4), Is.Zero);
            Assert.That(transport.Fault, Is.Null);
        }

        [Test]
        public void QueueReady_ValueOtherThanOne_IsIgnored()
        {
            var (transport, _, _) = Create();
            Negotiate(transport, Version1);
            ProgramSplit(transport, 16);

            transport.Write(MmioRegister.QueueReady, 4, 2);

            Assert.That(transport.Read(MmioRegister.QueueReady, 4), Is.Zero);
        }

        [Test]
        public void Context_GetQueue_IsNullUntilDriverOk()
        {
            var (transport, device, _) = Create();
            Negotiate(transport, Version1);
            ProgramSplit(transport, 16);
            transport.Write(MmioRegister.QueueReady, 4, 1);

            IDeviceQueue? before = device.DeviceContext.GetQueue(0);
            transport.Write(MmioRegister.Status, 4, (uint)(transport.Status | DeviceStatus.DriverOk));

            Assert.That(before, Is.Null);
            Assert.That(device.DeviceContext.GetQueue(0), Is.Not.Null);
            Assert.That(device.DeviceContext.GetQueue(1), Is.Null);
            Assert.That(device.DriverOkCalls, Is.EqualTo(1));
        }

        [Test]
        public void Context_ReportUnrecoverableError_SetsNeedsResetWithoutAQueue()
        {
            var (transport, device, line) = Create();
            Negotiate(transport, Version1);
            transport.Write(MmioRegister.Status, 4, (uint)(transport.Status | DeviceStatus.DriverOk));

            device.DeviceContext.ReportUnrecoverableError();
            device.DeviceContext.ReportQueueError(0, QueueError.ChainLoop);

            Assert.That(transport.Fault, Is.EqualTo(new DeviceFault(-1, QueueError.None)), "the first fault is kept");
            Assert.That(transport.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.DeviceNeedsReset));
            Assert.That(line.Count, Is.EqualTo(1));
        }

        [Test]
        public void QueueError_TheDeviceDidNotReport_IsStillCaughtAfterNotify()
        {
            var (transport, device, _) = Create();
            Negotiate(transport, Version1);
            QueueConfiguration layout = ProgramSplit(transport, 16);
            transport.Write(MmioRegister.QueueReady, 4, 1);
            transport.Write(MmioRegister.Status, 4, (uint)(transport.Status | DeviceStatus.DriverOk));
            var memory = device.DeviceContext.Memory;
            memory.TryWriteUInt16(layout.DriverArea + (ulong)SplitRingLayout.AvailSlotOffset(0), 99);
            memory.TryWriteUInt16(layout.DriverArea + SplitRingLayout.AvailIdxOffset, 1);

            // A sloppy device body that pops and drops the error on the floor.
            device.OnNotify = index => device.DeviceContext.GetQueue(index)!.TryPop(new ChainBuffer[16], out _, out _);
            transport.Write(MmioRegister.QueueNotify, 4, 0);

            Assert.That(transport.Fault, Is.EqualTo(new DeviceFault(0, QueueError.HeadIndexOutOfRange)));
            Assert.That(transport.InterruptStatus, Is.EqualTo(MmioInterrupt.ConfigurationChange));
        }

        [Test]
        public void RaiseUsedBufferInterrupt_BeforeDriverOk_IsDropped()
        {
            var (transport, device, line) = Create();

            device.DeviceContext.RaiseUsedBufferInterrupt();

            Assert.That(transport.InterruptStatus, Is.EqualTo(MmioInterrupt.None));
            Assert.That(line.Count, Is.Zero);
        }

        [Test]
        public void Config_ReadPassesOffsetAndWidthToTheDevice()
        {
            var (transport, _, _) = Create();

            Assert.That(transport.Read(MmioRegister.Config + 4, 4), Is.EqualTo(0x07060504u));
            Assert.That(transport.Read(MmioRegister.Config + 6, 2), Is.EqualTo(0x0706u));
            Assert.That(transport.Read(MmioRegister.Config + 6, 4), Is.Zero);
        }

        [Test]
        public void ConfigGeneration_WrapsAround()
        {
            var (transport, device, _) = Create();
            for (int i = 0; i < 3; i++)
            {
                device.DeviceContext.NotifyConfigChanged();
            }

            Assert.That(transport.ConfigGeneration, Is.EqualTo(3u));
        }

        private static (VirtioMmioTransport Transport, ProbeDevice Device, CountingInterruptLine Line) Create()
        {
            var device = new ProbeDevice();
            var line = new CountingInterruptLine();
            var transport = new VirtioMmioTransport(device, GuestMemory.Allocate(Base, 64 << 10), line);
            return (transport, device, line);
        }

        private static void Negotiate(VirtioMmioTransport transport, ulong features)
        {
            transport.Write(MmioRegister.Status, 4, 3);
            transport.Write(MmioRegister.DriverFeaturesSel, 4, 0);
            transport.Write(MmioRegister.DriverFeatures, 4, (uint)features);
            transport.Write(MmioRegister.DriverFeaturesSel, 4, 1);
            transport.Write(MmioRegister.DriverFeatures, 4, (uint)(features >> 32));
            transport.Write(MmioRegister.Status, 4, 11);
        }

        private static QueueConfiguration ProgramSplit(VirtioMmioTransport transport, ushort size)
        {
            ulong desc = Base;
            ulong avail = desc + (ulong)SplitRingLayout.DescriptorTableSize(size);
            ulong used = (ulong)SplitRingLayout.AlignUp((long)avail + SplitRingLayout.AvailRingSize(size), 4);
            transport.Write(MmioRegister.QueueSel, 4, 0);
            transport.Write(MmioRegister.QueueSize, 4, size);
            transport.Write(MmioRegister.QueueDescLow, 4, (uint)desc);
            transport.Write(MmioRegister.QueueDriverLow, 4, (uint)avail);
            transport.Write(MmioRegister.QueueDeviceLow, 4, (uint)used);
            return new QueueConfiguration(size, desc, avail, used, Version1);
        }
    }
}
