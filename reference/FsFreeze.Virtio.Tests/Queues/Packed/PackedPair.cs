using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;

namespace FsFreeze.Virtio.Tests.Queues.Packed
{
    /// <summary>Both ends of one packed queue in a fresh guest memory, areas packed tightly.</summary>
    internal sealed class PackedPair
    {
        public const ulong Base = QueuePairLayout.Base;
        public const ulong IndirectArea = QueuePairLayout.IndirectArea;
        public const ulong DataArea = QueuePairLayout.DataArea;
        public const int IndirectEntries = 8;

        /// <summary>Creates both ends; <paramref name="beforeCreate"/> may scribble on guest memory first, as stale memory would.</summary>
        public PackedPair(ushort size, ulong features = 0, System.Action<GuestMemory, QueueConfiguration>? beforeCreate = null)
        {
            Memory = GuestMemory.Allocate(Base, QueuePairLayout.MemorySize);
            ulong driverArea = Base + (ulong)PackedRingLayout.DescriptorRingSize(size);
            Config = new QueueConfiguration(size, Base, driverArea, driverArea + 4, features | VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked));
            beforeCreate?.Invoke(Memory, Config);
            Assert.That(PackedQueueDriverEnd.TryCreate(Memory, Config, out PackedQueueDriverEnd? driver, IndirectArea, System.Math.Min(IndirectEntries, (int)size)), Is.EqualTo(QueueError.None));
            Assert.That(PackedQueueDeviceEnd.TryCreate(Memory, Config, out PackedQueueDeviceEnd? device), Is.EqualTo(QueueError.None));
            Driver = driver!;
            Device = device!;
            Storage = new ChainBuffer[size + IndirectEntries];
        }

        public GuestMemory Memory { get; }

        public QueueConfiguration Config { get; }

        public PackedQueueDriverEnd Driver { get; }

        public PackedQueueDeviceEnd Device { get; }

        public ChainBuffer[] Storage { get; }

        public static ulong Buffer(int index) => QueuePairLayout.Buffer(index);

        public static BufferSpec[] Buffers(int first, int count, uint length) => QueuePairLayout.Buffers(first, count, length);

        public ChainToken Pop() => QueuePairLayout.Pop(Device, Storage);

        /// <summary>The driver's event suppression structure (off_wrap, flags).</summary>
        public (ushort OffWrap, ushort Flags) DriverEvent => ReadEvent(Config.DriverArea);

        /// <summary>The device's event suppression structure (off_wrap, flags).</summary>
        public (ushort OffWrap, ushort Flags) DeviceEvent => ReadEvent(Config.DeviceArea);

        /// <summary>Guest memory from the descriptor ring on (the ring sits at the start of the only region).</summary>
        public System.Span<byte> Ring => Memory.Regions[0].Backing.Span;

        /// <summary>Writes descriptor <paramref name="slot"/> as a driver (or a scribbling device) would, flags included.</summary>
        public void WriteDescriptor(int slot, ulong address, uint length, ushort id, FsFreeze.Virtio.Queues.DescriptorFlags flags)
        {
            System.Span<byte> ring = Ring;
            int at = PackedRingLayout.DescriptorOffset(slot);
            RingAccess.WriteUInt64(ring, at + PackedRingLayout.DescriptorAddressOffset, address);
            RingAccess.WriteUInt32(ring, at + PackedRingLayout.DescriptorLengthOffset, length);
            RingAccess.WriteUInt16(ring, at + PackedRingLayout.DescriptorIdOffset, id);
            RingAccess.WriteUInt16(ring, at + PackedRingLayout.DescriptorFlagsOffset, (ushort)flags);
        }

        /// <summary>Writes the Driver Event Suppression structure as the driver would.</summary>
        public void WriteDriverEvent(ushort offWrap, ushort flags)
        {
            Assert.That(Memory.TryGetSpan(Config.DriverArea, PackedRingLayout.EventSuppressionSize, out System.Span<byte> area), Is.True);
            RingAccess.WriteUInt16(area, PackedRingLayout.EventOffWrapOffset, offWrap);
            RingAccess.WriteUInt16(area, PackedRingLayout.EventFlagsOffset, flags);
        }

        public ushort DescriptorFlags(int slot) =>
            RingAccess.ReadUInt16(Memory.Regions[0].Backing.Span, PackedRingLayout.DescriptorOffset(slot) + PackedRingLayout.DescriptorFlagsOffset);

        private (ushort OffWrap, ushort Flags) ReadEvent(ulong area)
        {
            Assert.That(Memory.TryGetSpan(area, PackedRingLayout.EventSuppressionSize, out System.Span<byte> span), Is.True);
            return (RingAccess.ReadUInt16(span, PackedRingLayout.EventOffWrapOffset), RingAccess.ReadUInt16(span, PackedRingLayout.EventFlagsOffset));
        }
    }
}
