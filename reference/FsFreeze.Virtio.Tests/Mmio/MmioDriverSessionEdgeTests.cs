using System.Collections.Generic;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices.Samples;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Virtio.Tests.Mmio
{
    /// <summary>
    /// The driver session at the edges of virtio 1.4 "Device Initialization" (FF-INIT-2): queue sizes at their
    /// limits, a queue already in use, a device that breaks during setup, and the session's own small operations.
    /// </summary>
    [TestFixture]
    public sealed class MmioDriverSessionEdgeTests
    {
        private const ulong MemoryBase = 0x2000_0000;

        [TestCase((ushort)0, (ushort)256, 1)]
        [TestCase((ushort)1, (ushort)256, 1)]
        [TestCase((ushort)2, (ushort)256, 2)]
        [TestCase((ushort)3, (ushort)256, 2)]
        [TestCase((ushort)256, (ushort)256, 256)]
        [TestCase((ushort)256, (ushort)255, 128)]
        [TestCase((ushort)65535, (ushort)32768, 32768)]
        [Category("FF-INIT-2")]
        public void QueueSize_IsThePowerOfTwoAtMostBothLimits_AndAtLeastOne(ushort maxQueueSize, ushort queueSizeMax, int expected)
        {
            var device = new EchoDevice(7, queueSizeMax: queueSizeMax);
            GuestMemory memory = GuestMemory.Allocate(MemoryBase, 4 << 20);
            var transport = new VirtioMmioTransport(device, memory);

            MmioDriverError error = MmioDriverSession.TryInitialize(
                transport, memory, new GuestAddressAllocator(MemoryBase, 4 << 20), new MmioDriverOptions { MaxQueueSize = maxQueueSize }, out MmioDriverSession? session);

            Assert.That(error, Is.EqualTo(MmioDriverError.None));
            Assert.That(session!.GetQueue(0).Size, Is.EqualTo(expected));
            Assert.That(session.QueueCount, Is.EqualTo(1));
            Assert.That(session.DeviceId, Is.EqualTo(7u));
        }

        [Test]
        [Category("FF-INIT-2")]
        public void QueueAlreadyReady_IsNotTakenOver()
        {
            var registers = new ScriptedRegisters { QueueReady = 1 };

            MmioDriverError error = Initialize(registers, out _);

            Assert.That(error, Is.EqualTo(MmioDriverError.QueueNotAvailable));
            Assert.That(registers.Status & DeviceStatus.Failed, Is.EqualTo(DeviceStatus.Failed), "FAILED after giving up");
        }

        [Test]
        [Category("FF-INIT-2")]
        public void DeviceRefusingTheQueueLayout_IsReportedAsNeedsReset()
        {
            var registers = new ScriptedRegisters { AcceptQueueReady = false };

            MmioDriverError error = Initialize(registers, out _);

            Assert.That(error, Is.EqualTo(MmioDriverError.DeviceNeedsReset));
            Assert.That(registers.Status & DeviceStatus.Failed, Is.EqualTo(DeviceStatus.Failed));
        }

        [Test]
        [Category("FF-INIT-7")]
        public void DeviceNeedsResetAtDriverOk_FailsTheInitialisation()
        {
            var registers = new ScriptedRegisters { NeedsResetAtDriverOk = true };

            MmioDriverError error = Initialize(registers, out MmioDriverSession? session);

            Assert.That(error, Is.EqualTo(MmioDriverError.DeviceNeedsReset));
            Assert.That(session, Is.Null);
            Assert.That(registers.Status & DeviceStatus.Failed, Is.EqualTo(DeviceStatus.Failed));
        }

        [Test]
        [Category("FF-INIT-2")]
        public void DriverOkThatDoesNotStick_FailsTheInitialisation()
        {
            var registers = new ScriptedRegisters { IgnoreDriverOk = true };

            MmioDriverError error = Initialize(registers, out MmioDriverSession? session);

            Assert.That(error, Is.EqualTo(MmioDriverError.DeviceNeedsReset));
            Assert.That(session, Is.Null);
        }

        [Test]
        [Category("FF-INIT-2")]
        public void StatusThatDoesNotReadZeroAfterReset_IsReported()
        {
            var registers = new ScriptedRegisters { StuckStatus = DeviceStatus.Acknowledge };

            Assert.That(Initialize(registers, out _), Is.EqualTo(MmioDriverError.ResetFailed));
        }

        [Test]
        [Category("FF-INIT-4")]
        public void DeviceWithoutVersion1_IsRefused_WithFailed()
        {
            var registers = new ScriptedRegisters { OfferedFeatures = 0x3 };

            Assert.That(Initialize(registers, out _), Is.EqualTo(MmioDriverError.Version1NotOffered));
            Assert.That(registers.Status & DeviceStatus.Failed, Is.EqualTo(DeviceStatus.Failed));
        }

        [Test]
        [Category("FF-INIT-2")]
        public void Setup_WritesEachAreaAsTwoHalves_ThenQueueReady()
        {
            var registers = new ScriptedRegisters();
            const ulong High = 0x0000_0001_0000_0000UL;

            Assert.That(MmioDriverSession.TryInitialize(
                registers, GuestMemory.Allocate(High, 1 << 20), new GuestAddressAllocator(High, 1 << 20), new MmioDriverOptions { MaxQueueSize = 8 }, out _),
                Is.EqualTo(MmioDriverError.None));

            Assert.That(registers.Written[MmioRegister.QueueSize], Is.EqualTo(8u));
            Assert.That(registers.Written[MmioRegister.QueueDescHigh], Is.EqualTo(1u));
            Assert.That(registers.Written[MmioRegister.QueueDriverHigh], Is.EqualTo(1u));
            Assert.That(registers.Written[MmioRegister.QueueDeviceHigh], Is.EqualTo(1u));
            Assert.That(registers.Written[MmioRegister.QueueDescLow], Is.Zero);
            Assert.That(registers.Written[MmioRegister.QueueDriverLow], Is.EqualTo(8u * 16));
            Assert.That(registers.Written[MmioRegister.QueueDeviceLow], Is.Not.Zero);
            Assert.That(registers.Written[MmioRegister.QueueReady], Is.EqualTo(1u));
        }

        [Test]
        [Category("FF-INIT-2")]
        public void IndirectTable_IsCappedAtTheQueueSize()
        {
            ulong indirect = VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc);
            var device = new EchoDevice(7, indirect, queueSizeMax: 4);
            GuestMemory memory = GuestMemory.Allocate(MemoryBase, 1 << 20);
            var transport = new VirtioMmioTransport(device, memory);
            var allocator = new GuestAddressAllocator(MemoryBase, 1 << 20);

            Assert.That(MmioDriverSession.TryInitialize(
                transport, memory, allocator, new MmioDriverOptions { SupportedFeatures = indirect, IndirectEntries = 64 }, out MmioDriverSession? session),
                Is.EqualTo(MmioDriverError.None));

            // Split ring of 4 (64 + 14 + 38 bytes, aligned) then 4 heads x min(64, 4) entries x 16 bytes of indirect tables.
            Assert.That(allocator.Next - MemoryBase, Is.LessThan(0x200ul + (4ul * 4 * 16)));
            Assert.That(allocator.Next - MemoryBase, Is.GreaterThanOrEqualTo(4ul * 4 * 16));
            Assert.That(session!.NegotiatedFeatures & indirect, Is.EqualTo(indirect));
        }

        [Test]
        [Category("FF-MMIO-10")]
        public void TryReadConfig_AtANegativeOffset_ReadsNothing()
        {
            var registers = new ScriptedRegisters();
            Assert.That(Initialize(registers, out MmioDriverSession? session), Is.EqualTo(MmioDriverError.None));
            int reads = registers.Reads;

            Assert.That(session!.TryReadConfig(-1, new byte[4]), Is.False);
            Assert.That(registers.Reads, Is.EqualTo(reads));
        }

        [Test]
        [Category("FF-MMIO-10")]
        public void TryReadConfig_UsesTheWidestAlignedPieces()
        {
            var registers = new ScriptedRegisters();
            Assert.That(Initialize(registers, out MmioDriverSession? session), Is.EqualTo(MmioDriverError.None));
            registers.ConfigReads.Clear();

            byte[] bytes = new byte[7];
            Assert.That(session!.TryReadConfig(1, bytes), Is.True);

            // Bytes 1..7: one byte at 1, two at 2, four at 4 (never a 4-byte read at an unaligned offset).
            Assert.That(registers.ConfigReads, Is.EqualTo(new[] { (1ul, 1), (2ul, 2), (4ul, 4) }));
            Assert.That(bytes, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6, 7 }));
        }

        [Test]
        [Category("FF-MMIO-10")]
        public void TryReadConfig_EndsWithAShorterPiece_WhenFewerBytesRemain()
        {
            var registers = new ScriptedRegisters();
            Assert.That(Initialize(registers, out MmioDriverSession? session), Is.EqualTo(MmioDriverError.None));
            registers.ConfigReads.Clear();

            byte[] bytes = new byte[7];
            Assert.That(session!.TryReadConfig(0, bytes), Is.True);

            Assert.That(registers.ConfigReads, Is.EqualTo(new[] { (0ul, 4), (4ul, 2), (6ul, 1) }));
            Assert.That(bytes, Is.EqualTo(new byte[] { 0, 1, 2, 3, 4, 5, 6 }));
        }

        [Test]
        [Category("FF-INIT-2")]
        public void Fail_SetsFailed_WithoutClearingOtherBits()
        {
            var registers = new ScriptedRegisters();
            Assert.That(Initialize(registers, out MmioDriverSession? session), Is.EqualTo(MmioDriverError.None));

            session!.Fail();

            Assert.That(session.ReadStatus(), Is.EqualTo(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk | DeviceStatus.DriverOk | DeviceStatus.Failed));
        }

        [Test]
        [Category("FF-MMIO-8")]
        public void AcknowledgeInterrupts_WithNothingPending_WritesNothing()
        {
            var registers = new ScriptedRegisters();
            Assert.That(Initialize(registers, out MmioDriverSession? session), Is.EqualTo(MmioDriverError.None));
            registers.Written.Remove(MmioRegister.InterruptAck);

            Assert.That(session!.AcknowledgeInterrupts(), Is.EqualTo(MmioInterrupt.None));
            Assert.That(registers.Written.ContainsKey(MmioRegister.InterruptAck), Is.False);

            registers.Interrupts = MmioInterrupt.ConfigurationChange;
            Assert.That(session.AcknowledgeInterrupts(), Is.EqualTo(MmioInterrupt.ConfigurationChange));
            Assert.That(registers.Written[MmioRegister.InterruptAck], Is.EqualTo(2u));
        }

        [Test]
        [Category("FF-RING-17")]
        public void NotifyIfNeeded_IsSilentWhileTheDeviceSuppressesNotifications()
        {
            var registers = new ScriptedRegisters();
            GuestMemory memory = GuestMemory.Allocate(MemoryBase, 1 << 20);
            Assert.That(MmioDriverSession.TryInitialize(
                registers, memory, new GuestAddressAllocator(MemoryBase, 1 << 20), new MmioDriverOptions { MaxQueueSize = 8 }, out MmioDriverSession? session),
                Is.EqualTo(MmioDriverError.None));
            IDriverQueue queue = session!.GetQueue(0);
            ulong used = registers.Area(MmioRegister.QueueDeviceLow);

            // used.flags = VIRTQ_USED_F_NO_NOTIFY: the device asks not to be notified.
            memory.TryWriteUInt16(used, 1);
            Assert.That(queue.TryAdd(new[] { new BufferSpec(MemoryBase + 0x8000, 4) }, [], 1, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(session.NotifyIfNeeded(0), Is.False);
            Assert.That(registers.Notifications, Is.Zero);

            memory.TryWriteUInt16(used, 0);
            Assert.That(queue.TryAdd(new[] { new BufferSpec(MemoryBase + 0x8000, 4) }, [], 2, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(session.NotifyIfNeeded(0), Is.True);
            Assert.That(registers.Notifications, Is.EqualTo(1));
        }

        private static MmioDriverError Initialize(ScriptedRegisters registers, out MmioDriverSession? session) =>
            MmioDriverSession.TryInitialize(
                registers, GuestMemory.Allocate(MemoryBase, 1 << 20), new GuestAddressAllocator(MemoryBase, 1 << 20), new MmioDriverOptions { MaxQueueSize = 8 }, out session);

        /// <summary>A register file that behaves like a simple, obliging device unless told otherwise.</summary>
        private sealed class ScriptedRegisters : IMmioRegisterFile
        {
            public Dictionary<ulong, uint> Written { get; } = new();

            public List<(ulong Offset, int Width)> ConfigReads { get; } = new();

            public DeviceStatus Status { get; private set; }

            public DeviceStatus? StuckStatus { get; init; }

            public ulong OfferedFeatures { get; init; } = VirtioFeatureBit.Mask(VirtioFeatureBit.Version1);

            public uint QueueReady { get; set; }

            public bool AcceptQueueReady { get; init; } = true;

            public bool NeedsResetAtDriverOk { get; init; }

            public bool IgnoreDriverOk { get; init; }

            public MmioInterrupt Interrupts { get; set; }

            public int Reads { get; private set; }

            public int Notifications { get; private set; }

            public ulong Area(ulong low) => Written[low] | ((ulong)Written[low + 4] << 32);

            public uint Read(ulong offset, int width)
            {
                Reads++;
                if (offset >= MmioRegister.Config)
                {
                    ConfigReads.Add((offset - MmioRegister.Config, width));
                    uint value = 0;
                    for (int i = 0; i < width; i++)
                    {
                        value |= (uint)(byte)(offset - MmioRegister.Config + (ulong)i) << (8 * i);
                    }

                    return value;
                }

                return offset switch
                {
                    MmioRegister.MagicValue => MmioRegister.Magic,
                    MmioRegister.Version => MmioRegister.VersionNumber,
                    MmioRegister.DeviceId => 9,
                    MmioRegister.DeviceFeatures => Written.GetValueOrDefault(MmioRegister.DeviceFeaturesSel) switch
                    {
                        0 => (uint)OfferedFeatures,
                        1 => (uint)(OfferedFeatures >> 32),
                        _ => 0,
                    },
                    MmioRegister.QueueSizeMax => 8,
                    MmioRegister.QueueReady => QueueReady,
                    MmioRegister.Status => (uint)(StuckStatus ?? Status),
                    MmioRegister.InterruptStatus => (uint)Interrupts,
                    _ => 0,
                };
            }

            public void Write(ulong offset, int width, uint value)
            {
                Written[offset] = value;
                switch (offset)
                {
                    case MmioRegister.Status:
                        var requested = (DeviceStatus)value;
                        if (IgnoreDriverOk)
                        {
                            requested &= ~DeviceStatus.DriverOk;
                        }

                        if (NeedsResetAtDriverOk && (requested & DeviceStatus.DriverOk) != 0)
                        {
                            requested |= DeviceStatus.DeviceNeedsReset;
                        }

                        Status = requested;
                        break;
                    case MmioRegister.QueueReady:
                        QueueReady = AcceptQueueReady ? value : 0;
                        break;
                    case MmioRegister.QueueNotify:
                        Notifications++;
                        break;
                    case MmioRegister.InterruptAck:
                        Interrupts &= ~(MmioInterrupt)value;
                        break;
                }
            }
        }
    }
}
