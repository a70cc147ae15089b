using System;
using System.Collections.Generic;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Devices.Samples;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Virtio.Tests.Mmio
{
    /// <summary>
    /// The sample echo device through the reference transport and driver session: what it copies, its configuration
    /// space, and how it reports a malformed ring (FF-INIT-7).
    /// </summary>
    [TestFixture]
    public sealed class EchoDeviceTests
    {
        private const ulong MemoryBase = 0x3000_0000;
        private const ulong Data = MemoryBase + (256 << 10);

        [Test]
        [Category("FF-RING-15")]
        public void Echo_CopiesAcrossBuffers_AndStopsAtTheWritableSpace()
        {
            var rig = new Rig(new EchoDevice(5));
            MmioDriverSession session = rig.Initialize();
            rig.Memory.TryWrite(Data, new byte[] { 1, 2, 3 });
            rig.Memory.TryWrite(Data + 0x100, new byte[] { 4, 5, 6 });

            BufferSpec[] readable = { new(Data, 3), new(Data + 0x100, 3) };
            BufferSpec[] writable = { new(Data + 0x200, 2), new(Data + 0x300, 2) };
            Assert.That(session.GetQueue(0).TryAdd(readable, writable, 1, false, out _), Is.EqualTo(QueueError.None));
            session.Notify(0);

            Assert.That(session.GetQueue(0).TryReclaim(out UsedBuffer used, out _), Is.True);
            Assert.That(used.Length, Is.EqualTo(4u), "4 writable bytes of 6 readable");
            Assert.That(Read(rig.Memory, Data + 0x200, 3), Is.EqualTo(new byte[] { 1, 2, 0 }));
            Assert.That(Read(rig.Memory, Data + 0x300, 3), Is.EqualTo(new byte[] { 3, 4, 0 }));
            Assert.That(rig.Device.EchoedChains, Is.EqualTo(1));
            Assert.That(rig.Device.Notifications, Is.EqualTo(1));
        }

        [Test]
        [Category("FF-RING-15")]
        public void Echo_OfFewerBytesThanTheWritableSpace_UsesWhatItWrote()
        {
            var rig = new Rig(new EchoDevice(5));
            MmioDriverSession session = rig.Initialize();
            rig.Memory.TryWrite(Data, new byte[] { 9, 8 });

            Assert.That(session.GetQueue(0).TryAdd(new BufferSpec[] { new(Data, 2) }, new BufferSpec[] { new(Data + 0x200, 1), new(Data + 0x300, 8) }, 1, false, out _), Is.EqualTo(QueueError.None));
            session.Notify(0);

            Assert.That(session.GetQueue(0).TryReclaim(out UsedBuffer used, out _), Is.True);
            Assert.That(used.Length, Is.EqualTo(2u));
            Assert.That(Read(rig.Memory, Data + 0x200, 1), Is.EqualTo(new byte[] { 9 }));
            Assert.That(Read(rig.Memory, Data + 0x300, 2), Is.EqualTo(new byte[] { 8, 0 }));
        }

        [Test]
        public void ProcessAll_DrainsEveryReadyQueue()
        {
            var rig = new Rig(new EchoDevice(5, queueCount: 2));
            MmioDriverSession session = rig.Initialize(queueCount: 2);
            for (int q = 0; q < 2; q++)
            {
                Assert.That(session.GetQueue(q).TryAdd(new BufferSpec[] { new(Data, 1) }, new BufferSpec[] { new(Data + 0x100 + ((ulong)q * 0x100), 1) }, 1, false, out _), Is.EqualTo(QueueError.None));
            }

            rig.Device.ProcessAll();

            Assert.That(rig.Device.EchoedChains, Is.EqualTo(2));
            Assert.That(rig.Device.Notifications, Is.Zero);
            Assert.That(session.AcknowledgeInterrupts(), Is.EqualTo(MmioInterrupt.UsedBuffer));
        }

        [Test]
        [Category("FF-INIT-7")]
        public void MalformedRing_IsReportedForTheQueueItHappenedOn()
        {
            var rig = new Rig(new EchoDevice(5, queueCount: 2));
            rig.Initialize(queueCount: 2);
            ulong avail = rig.Registers.DriverArea[1];

            // A head index far beyond Queue Size on queue 1 (FF-RING-6).
            rig.Memory.TryWriteUInt16(avail + (ulong)SplitRingLayout.AvailSlotOffset(0), 200);
            rig.Memory.TryWriteUInt16(avail + SplitRingLayout.AvailIdxOffset, 1);
            rig.Transport.Write(MmioRegister.QueueNotify, 4, 1);

            Assert.That(rig.Transport.Fault, Is.EqualTo(new DeviceFault(1, QueueError.HeadIndexOutOfRange)));
            Assert.That(rig.Transport.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.DeviceNeedsReset));
            Assert.That(rig.Device.EchoedChains, Is.Zero);
        }

        [Test]
        [Category("FF-MMIO-10")]
        public void Config_HostValueIsReadOnly_DriverValueIsWritable_AndResetClearsIt()
        {
            var rig = new Rig(new EchoDevice(5));
            MmioDriverSession session = rig.Initialize();
            rig.Device.SetHostValue(0x1122_3344_5566_7788);

            session.WriteConfig(EchoDevice.HostValueOffset, 4, 0);
            session.WriteConfig(EchoDevice.DriverValueOffset, 4, 0xCAFE);
            byte[] config = new byte[EchoDevice.ConfigBytes];
            Assert.That(session.TryReadConfig(0, config), Is.True);

            Assert.That(BitConverter.ToUInt64(config, EchoDevice.HostValueOffset), Is.EqualTo(0x1122_3344_5566_7788UL));
            Assert.That(BitConverter.ToUInt32(config, EchoDevice.DriverValueOffset), Is.EqualTo(0xCAFEu));
            Assert.That(rig.Device.DriverValue, Is.EqualTo(0xCAFEu));

            Assert.That(session.Reset(), Is.True);
            Assert.That(rig.Device.DriverValue, Is.Zero);
            Assert.That(rig.Device.Resets, Is.EqualTo(2), "one reset by the initialisation, one here");
        }

        [Test]
        public void SetHostValue_BeforeATransportAttachesTheDevice_IsABug()
        {
            var device = new EchoDevice(5);

            Assert.That(device.IsAttached, Is.False);
            Assert.That(() => device.SetHostValue(1), Throws.InvalidOperationException);
        }

        [Test]
        public void Declaration_ReportsItsQueuesAndConfig()
        {
            var device = new EchoDevice(0xFF00, queueCount: 3, queueSizeMax: 32);

            Assert.That(device.DeviceId, Is.EqualTo(0xFF00u));
            Assert.That(device.VendorId, Is.Zero);
            Assert.That(device.QueueCount, Is.EqualTo(3));
            Assert.That(device.GetQueueSizeMax(2), Is.EqualTo(32));
            Assert.That(device.ConfigSize, Is.EqualTo(EchoDevice.ConfigBytes));
            Assert.That(new EchoDevice(1, queueCount: -1).QueueCount, Is.Zero);
        }

        private static byte[] Read(GuestMemory memory, ulong address, int length)
        {
            byte[] bytes = new byte[length];
            Assert.That(memory.TryRead(address, bytes), Is.True);
            return bytes;
        }

        private sealed class Rig
        {
            public Rig(EchoDevice device)
            {
                Device = device;
                Memory = GuestMemory.Allocate(MemoryBase, 1 << 20);
                Transport = new VirtioMmioTransport(device, Memory);
                Registers = new AreaRecorder(Transport);
            }

            public EchoDevice Device { get; }

            public GuestMemory Memory { get; }

            public VirtioMmioTransport Transport { get; }

            public AreaRecorder Registers { get; }

            public MmioDriverSession Initialize(int queueCount = 1)
            {
                Assert.That(
                    MmioDriverSession.TryInitialize(Registers, Memory, new GuestAddressAllocator(MemoryBase, 128 << 10), new MmioDriverOptions { QueueCount = queueCount, MaxQueueSize = 16 }, out MmioDriverSession? session),
                    Is.EqualTo(MmioDriverError.None));
                return session!;
            }
        }

        /// <summary>Passes every access to the transport and notes each queue's Driver Area (low half) as it is written.</summary>
        private sealed class AreaRecorder : IMmioRegisterFile
        {
            private readonly IMmioRegisterFile _inner;
            private uint _queueSel;

            public AreaRecorder(IMmioRegisterFile inner) => _inner = inner;

            public Dictionary<uint, ulong> DriverArea { get; } = new();

            public uint Read(ulong offset, int width) => _inner.Read(offset, width);

            public void Write(ulong offset, int width, uint value)
            {
                if (offset == MmioRegister.QueueSel)
                {
                    _queueSel = value;
                }
                else if (offset == MmioRegister.QueueDriverLow)
                {
                    DriverArea[_queueSel] = value;
                }

                _inner.Write(offset, width, value);
            }
        }
    }
}
