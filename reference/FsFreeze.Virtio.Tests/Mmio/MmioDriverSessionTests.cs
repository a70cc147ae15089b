using System;
using System.Linq;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices.Samples;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Virtio.Tests.Mmio
{
    [TestFixture]
    public sealed class MmioDriverSessionTests
    {
        private const ulong MemoryBase = 0x4000_0000;
        private const int MemorySize = 1 << 20;
        private const ulong DataArea = MemoryBase + (512 << 10);
        private static readonly ulong EventIdx = VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx);
        private static readonly ulong Indirect = VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc);

        [Test]
        public void EchoOverTwoQueues_RoundTripsPayloads()
        {
            var rig = new Rig(new EchoDevice(7, queueCount: 2));
            MmioDriverSession session = rig.Initialize(new MmioDriverOptions { QueueCount = 2 });

            byte[] a = Echo(rig, session, 0, new byte[] { 1, 2, 3, 4, 5 }, 0);
            byte[] b = Echo(rig, session, 1, "hello"u8.ToArray(), 2);

            Assert.That(a, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5 }));
            Assert.That(b, Is.EqualTo("hello"u8.ToArray()));
            Assert.That(rig.Device.EchoedChains, Is.EqualTo(2));
        }

        [Test]
        public void EventIdxAndIndirect_Negotiated_StillEcho()
        {
            var rig = new Rig(new EchoDevice(7, EventIdx | Indirect));
            MmioDriverSession session = rig.Initialize(new MmioDriverOptions { SupportedFeatures = EventIdx | Indirect, IndirectEntries = 4 });
            IDriverQueue queue = session.GetQueue(0);
            rig.Memory.TryWrite(DataArea, new byte[] { 9, 8, 7 });

            QueueError error = queue.TryAdd(new[] { new BufferSpec(DataArea, 3) }, new[] { new BufferSpec(DataArea + 4096, 1), new BufferSpec(DataArea + 8192, 2) }, 1, true, out _);
            Assert.That(error, Is.EqualTo(QueueError.None));
            session.NotifyIfNeeded(0);

            Assert.That(session.NegotiatedFeatures, Is.EqualTo(EventIdx | Indirect | VirtioFeatureBit.Mask(VirtioFeatureBit.Version1)));
            Assert.That(session.AcknowledgeInterrupts(), Is.EqualTo(MmioInterrupt.UsedBuffer));
            Assert.That(queue.TryReclaim(out UsedBuffer used, out _), Is.True);
            Assert.That(used.Length, Is.EqualTo(3u));
        }

        [Test]
        public void Negotiation_AcceptsOnlyWhatBothSupport()
        {
            var rig = new Rig(new EchoDevice(7, 0b111));

            MmioDriverSession session = rig.Initialize(new MmioDriverOptions { SupportedFeatures = 0b1010 });

            Assert.That(session.NegotiatedFeatures, Is.EqualTo(0b010 | VirtioFeatureBit.Mask(VirtioFeatureBit.Version1)));
            Assert.That(rig.Transport.NegotiatedFeatures, Is.EqualTo(session.NegotiatedFeatures));
        }

        [Test]
        public void QueueSize_IsTheLargestPowerOfTwoWithinBothLimits()
        {
            var rig = new Rig(new EchoDevice(7, queueSizeMax: 100));

            MmioDriverSession session = rig.Initialize(new MmioDriverOptions { MaxQueueSize = 256 });

            Assert.That(session.GetQueue(0).Size, Is.EqualTo(64));
        }

        [Test]
        public void ReadConfig_AndWriteConfig_GoThroughTheRegisterFile()
        {
            var rig = new Rig(new EchoDevice(7));
            MmioDriverSession session = rig.Initialize(new MmioDriverOptions());
            rig.Device.SetHostValue(0x0102_0304_0506_0708);

            byte[] value = new byte[8];
            bool consistent = session.TryReadConfig(EchoDevice.HostValueOffset, value);
            session.WriteConfig(EchoDevice.DriverValueOffset, 4, 77);

            Assert.That(consistent, Is.True);
            Assert.That(BitConverter.ToUInt64(value, 0), Is.EqualTo(0x0102_0304_0506_0708UL));
            Assert.That(rig.Device.DriverValue, Is.EqualTo(77u));
            Assert.That(session.AcknowledgeInterrupts(), Is.EqualTo(MmioInterrupt.ConfigurationChange));
        }

        [Test]
        public void ReadConfig_ThatNeverSettles_ReportsFalse()
        {
            var rig = new Rig(new EchoDevice(7));
            var churn = new ChurningRegisters(rig);
            var allocator = new GuestAddressAllocator(MemoryBase, 64 << 10);
            Assert.That(MmioDriverSession.TryInitialize(churn, rig.Memory, allocator, new MmioDriverOptions(), out MmioDriverSession? session), Is.EqualTo(MmioDriverError.None));
            churn.Enabled = true;

            Assert.That(session!.TryReadConfig(0, new byte[8]), Is.False);
        }

        [Test]
        public void ResetAndReinitialise_Works()
        {
            var rig = new Rig(new EchoDevice(7));
            MmioDriverSession first = rig.Initialize(new MmioDriverOptions());
            Assert.That(first.Reset(), Is.True);
            Assert.That(first.ReadStatus(), Is.EqualTo(DeviceStatus.None));

            MmioDriverSession second = rig.Initialize(new MmioDriverOptions());

            Assert.That(Echo(rig, second, 0, new byte[] { 42 }, 0), Is.EqualTo(new byte[] { 42 }));
        }

        [Test]
        public void NotAVirtioDevice_IsRefused()
        {
            var registers = new FixedRegisters(magic: 0x1234, version: 2, deviceId: 1);

            MmioDriverError error = MmioDriverSession.TryInitialize(registers, GuestMemory.Allocate(0, 4096), new GuestAddressAllocator(0, 4096), new MmioDriverOptions(), out MmioDriverSession? session);

            Assert.That(error, Is.EqualTo(MmioDriverError.BadMagic));
            Assert.That(session, Is.Null);
            Assert.That(registers.Writes, Is.Zero, "nothing written to a device that is not virtio");
        }

        [TestCase(1u, 1u, MmioDriverError.UnsupportedVersion)]
        [TestCase(2u, 0u, MmioDriverError.NoDevice)]
        public void LegacyOrPlaceholderDevice_IsRefused(uint version, uint deviceId, MmioDriverError expected)
        {
            var registers = new FixedRegisters(MmioRegister.Magic, version, deviceId);

            MmioDriverError error = MmioDriverSession.TryInitialize(registers, GuestMemory.Allocate(0, 4096), new GuestAddressAllocator(0, 4096), new MmioDriverOptions(), out _);

            Assert.That(error, Is.EqualTo(expected));
        }

        [Test]
        public void MoreQueuesThanTheDeviceHas_FailsAndSetsFailed()
        {
            var rig = new Rig(new EchoDevice(7, queueCount: 1));

            MmioDriverError error = rig.TryInitialize(new MmioDriverOptions { QueueCount = 2 }, out _);

            Assert.That(error, Is.EqualTo(MmioDriverError.QueueNotAvailable));
            Assert.That(rig.Transport.Status & DeviceStatus.Failed, Is.EqualTo(DeviceStatus.Failed));
        }

        [Test]
        public void NoRoomForTheRings_FailsAndSetsFailed()
        {
            var rig = new Rig(new EchoDevice(7));
            var allocator = new GuestAddressAllocator(MemoryBase, 64);

            MmioDriverError error = MmioDriverSession.TryInitialize(rig.Transport, rig.Memory, allocator, new MmioDriverOptions(), out _);

            Assert.That(error, Is.EqualTo(MmioDriverError.OutOfGuestMemory));
            Assert.That(rig.Transport.Status & DeviceStatus.Failed, Is.EqualTo(DeviceStatus.Failed));
        }

        [Test]
        public void RingsOutsideGuestMemory_AreRefusedByTheDriverEnd()
        {
            var rig = new Rig(new EchoDevice(7));
            var allocator = new GuestAddressAllocator(0x10, 1 << 20);

            MmioDriverError error = MmioDriverSession.TryInitialize(rig.Transport, rig.Memory, allocator, new MmioDriverOptions(), out _);

            Assert.That(error, Is.EqualTo(MmioDriverError.QueueSetupFailed));
        }

        [Test]
        public void PackedNegotiated_EchoesOverPackedRings()
        {
            ulong packed = VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked);
            var rig = new Rig(new EchoDevice(7, packed));
            MmioDriverSession session = rig.Initialize(new MmioDriverOptions { SupportedFeatures = packed });

            Assert.That(rig.Transport.NegotiatedFeatures & packed, Is.EqualTo(packed));
            Assert.That(session.GetQueue(0), Is.TypeOf<FsFreeze.Virtio.Queues.Packed.PackedQueueDriverEnd>());
            for (int round = 0; round < 20; round++)
            {
                byte[] payload = { (byte)round, 2, 3 };
                Assert.That(Echo(rig, session, 0, payload, round % 4), Is.EqualTo(payload));
            }
        }

        private static byte[] Echo(Rig rig, MmioDriverSession session, int queueIndex, byte[] payload, int slot)
        {
            IDriverQueue queue = session.GetQueue(queueIndex);
            ulong input = DataArea + ((ulong)slot * 4096);
            ulong output = input + 4096;
            rig.Memory.TryWrite(input, payload);
            Assert.That(queue.TryAdd(new[] { new BufferSpec(input, (uint)payload.Length) }, new[] { new BufferSpec(output, 64) }, (ulong)slot, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(session.NotifyIfNeeded(queueIndex), Is.True);
            Assert.That(rig.Line.Count, Is.GreaterThan(0));
            Assert.That(session.AcknowledgeInterrupts() & MmioInterrupt.UsedBuffer, Is.EqualTo(MmioInterrupt.UsedBuffer));
            Assert.That(queue.TryReclaim(out UsedBuffer used, out QueueError error), Is.True, error.ToString());
            Assert.That(used.Token, Is.EqualTo((ulong)slot));
            byte[] echoed = new byte[used.Length];
            rig.Memory.TryRead(output, echoed);
            return echoed;
        }

        private sealed class Rig
        {
            public Rig(EchoDevice device)
            {
                Device = device;
                Memory = GuestMemory.Allocate(MemoryBase, MemorySize);
                Line = new CountingInterruptLine();
                Transport = new VirtioMmioTransport(device, Memory, Line);
            }

            public EchoDevice Device { get; }

            public GuestMemory Memory { get; }

            public CountingInterruptLine Line { get; }

            public VirtioMmioTransport Transport { get; }

            public MmioDriverError TryInitialize(MmioDriverOptions options, out MmioDriverSession? session) =>
                MmioDriverSession.TryInitialize(Transport, Memory, new GuestAddressAllocator(MemoryBase, 256 << 10), options, out session);

            public MmioDriverSession Initialize(MmioDriverOptions options)
            {
                Assert.That(TryInitialize(options, out MmioDriverSession? session), Is.EqualTo(MmioDriverError.None));
                return session!;
            }
        }

        private sealed class FixedRegisters : IMmioRegisterFile
        {
            private readonly uint[] _identity;

            public FixedRegisters(uint magic, uint version, uint deviceId) => _identity = new[] { magic, version, deviceId };

            public int Writes { get; private set; }

            public uint Read(ulong offset, int width) => offset < 12 ? _identity[offset / 4] : 0;

            public void Write(ulong offset, int width, uint value) => Writes++;
        }

        /// <summary>Moves the configuration on every generation read once enabled.</summary>
        private sealed class ChurningRegisters : IMmioRegisterFile
        {
            private readonly Rig _rig;

            public ChurningRegisters(Rig rig) => _rig = rig;

            public bool Enabled { get; set; }

            public uint Read(ulong offset, int width)
            {
                uint value = _rig.Transport.Read(offset, width);
                if (Enabled && offset == MmioRegister.ConfigGeneration)
                {
                    _rig.Device.SetHostValue(value);
                }

                return value;
            }

            public void Write(ulong offset, int width, uint value) => _rig.Transport.Write(offset, width, value);
        }
    }
}
