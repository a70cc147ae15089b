using System;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices.Samples;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Conformance.Transport
{
    /// <summary>
    /// An echo device behind the virtio-mmio transport of the implementation under test, over a fresh guest memory,
    /// with helpers that play the driver register by register (so a test can break the rules a real driver keeps).
    /// </summary>
    public sealed class MmioBench
    {
        /// <summary>Guest-physical base of the guest memory.</summary>
        public const ulong MemoryBase = 0x10_0000;

        /// <summary>Bytes of guest memory.</summary>
        public const int MemorySize = 1 << 20;

        /// <summary>Where rings are laid out.</summary>
        public const ulong RingArea = MemoryBase;

        /// <summary>Where tests carve data buffers.</summary>
        public const ulong DataArea = MemoryBase + (512 << 10);

        /// <summary>The device ID the bench's echo device reports.</summary>
        public const uint EchoDeviceId = 0x7E57;

        /// <summary>VIRTIO_F_VERSION_1 as a mask.</summary>
        public static readonly ulong Version1 = VirtioFeatureBit.Mask(VirtioFeatureBit.Version1);

        private readonly VirtioMmioTransport? _reference;

        /// <summary>Creates the bench.</summary>
        public MmioBench(ulong deviceFeatures = 0, int queueCount = 2, ushort queueSizeMax = 64)
        {
            Memory = GuestMemory.Allocate(MemoryBase, MemorySize);
            Device = new EchoDevice(EchoDeviceId, deviceFeatures, queueCount, queueSizeMax);
            Line = new RecordingInterruptLine();
            MmioTransportUnderTest created = Implementations.MmioTransport().Create(Device, Memory, Line);
            Registers = created.Registers;
            _reference = created.Reference;
        }

        /// <summary>The guest memory.</summary>
        public GuestMemory Memory { get; }

        /// <summary>The device.</summary>
        public EchoDevice Device { get; }

        /// <summary>The interrupt line.</summary>
        public RecordingInterruptLine Line { get; }

        /// <summary>The register file under test: every register access of the bench goes through it.</summary>
        public IMmioRegisterFile Registers { get; }

        /// <summary>
        /// The reference transport behind <see cref="Registers"/>, for white-box checks of its state; a test that
        /// needs it is ignored for an implementation the suite cannot look into.
        /// </summary>
        public VirtioMmioTransport Transport => _reference ?? throw new IgnoreException("white-box check: the transport under test exposes no reference state");

        /// <summary>Device Status as the driver reads it.</summary>
        public DeviceStatus Status => (DeviceStatus)Read(MmioRegister.Status);

        /// <summary>InterruptStatus as the driver reads it.</summary>
        public MmioInterrupt Interrupts => (MmioInterrupt)Read(MmioRegister.InterruptStatus);

        /// <summary>Address of 4 KiB data buffer <paramref name="index"/>.</summary>
        public static ulong Buffer(int index) => DataArea + ((ulong)index * 4096);

        /// <summary>An aligned 32-bit read.</summary>
        public uint Read(ulong offset) => Registers.Read(offset, 4);

        /// <summary>An aligned 32-bit write.</summary>
        public void Write(ulong offset, uint value) => Registers.Write(offset, 4, value);

        /// <summary>Writes Status to its current value plus <paramref name="bits"/>.</summary>
        public void AddStatus(DeviceStatus bits) => Write(MmioRegister.Status, (uint)(Status | bits));

        /// <summary>Writes both DriverFeatures windows.</summary>
        public void WriteDriverFeatures(ulong features)
        {
            Write(MmioRegister.DriverFeaturesSel, 0);
            Write(MmioRegister.DriverFeatures, (uint)features);
            Write(MmioRegister.DriverFeaturesSel, 1);
            Write(MmioRegister.DriverFeatures, (uint)(features >> 32));
        }

        /// <summary>Reset, ACKNOWLEDGE, DRIVER, <paramref name="features"/> and FEATURES_OK, register by register.</summary>
        public void Negotiate(ulong features)
        {
            Write(MmioRegister.Status, 0);
            AddStatus(DeviceStatus.Acknowledge);
            AddStatus(DeviceStatus.Driver);
            WriteDriverFeatures(features);
            AddStatus(DeviceStatus.FeaturesOk);
        }

        /// <summary>Programs queue <paramref name="index"/>'s size and areas, without enabling it.</summary>
        public void ProgramQueue(int index, uint size, ulong descriptorArea, ulong driverArea, ulong deviceArea)
        {
            Write(MmioRegister.QueueSel, (uint)index);
            Write(MmioRegister.QueueSize, size);
            Write(MmioRegister.QueueDescLow, (uint)descriptorArea);
            Write(MmioRegister.QueueDescHigh, (uint)(descriptorArea >> 32));
            Write(MmioRegister.QueueDriverLow, (uint)driverArea);
            Write(MmioRegister.QueueDriverHigh, (uint)(driverArea >> 32));
            Write(MmioRegister.QueueDeviceLow, (uint)deviceArea);
            Write(MmioRegister.QueueDeviceHigh, (uint)(deviceArea >> 32));
        }

        /// <summary>A tightly packed split layout of <paramref name="size"/> entries at <paramref name="at"/>.</summary>
        public static QueueConfiguration SplitLayout(ushort size, ulong at, ulong features)
        {
            ulong driver = at + (ulong)SplitRingLayout.DescriptorTableSize(size);
            ulong device = (ulong)SplitRingLayout.AlignUp((long)driver + SplitRingLayout.AvailRingSize(size), SplitRingLayout.UsedRingAlignment);
            return new QueueConfiguration(size, at, driver, device, features);
        }

        /// <summary>
        /// Negotiates <paramref name="features"/> and sets up queue 0 as a split ring of <paramref name="size"/> at
        /// <see cref="RingArea"/>, with a driver end over it; DRIVER_OK only when <paramref name="driverOk"/>.
        /// </summary>
        public SplitQueueDriverEnd SetUpQueue0(ushort size = 16, bool driverOk = true, ulong features = 0)
        {
            features |= Version1;
            Negotiate(features);
            QueueConfiguration config = SplitLayout(size, RingArea, features);
            Assert.That(SplitQueueDriverEnd.TryCreate(Memory, config, out SplitQueueDriverEnd? driver), Is.EqualTo(QueueError.None));
            ProgramQueue(0, size, config.DescriptorArea, config.DriverArea, config.DeviceArea);
            Write(MmioRegister.QueueReady, 1);
            Assert.That(Read(MmioRegister.QueueReady), Is.EqualTo(1u), "queue 0 ready");
            if (driverOk)
            {
                AddStatus(DeviceStatus.DriverOk);
            }

            return driver!;
        }

        /// <summary>Makes one echo chain available: <paramref name="payload"/> readable, a writable buffer of the same size.</summary>
        public ushort AddEcho(IDriverQueue driver, byte[] payload, int bufferIndex)
        {
            ArgumentNullException.ThrowIfNull(driver);
            ArgumentNullException.ThrowIfNull(payload);
            ulong input = Buffer(bufferIndex);
            ulong output = Buffer(bufferIndex + 1);
            Assert.That(Memory.TryWrite(input, payload), Is.True);
            QueueError error = driver.TryAdd(new[] { new BufferSpec(input, (uint)payload.Length) }, new[] { new BufferSpec(output, (uint)payload.Length) }, (ulong)bufferIndex, false, out ushort id);
            Assert.That(error, Is.EqualTo(QueueError.None));
            return id;
        }
    }
}
