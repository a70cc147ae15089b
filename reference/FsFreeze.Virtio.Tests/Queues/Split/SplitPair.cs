using System;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Virtio.Tests.Queues.Split
{
    /// <summary>Both ends of one split queue in a fresh guest memory: descriptor table, available ring and used ring packed tightly.</summary>
    internal sealed class SplitPair
    {
        public const ulong Base = QueuePairLayout.Base;
        public const ulong IndirectArea = QueuePairLayout.IndirectArea;
        public const ulong DataArea = QueuePairLayout.DataArea;
        public const int MemorySize = QueuePairLayout.MemorySize;

        public SplitPair(ushort size, ulong features = 0, int indirectEntries = 0, byte fill = 0)
        {
            Memory = GuestMemory.Allocate(Base, MemorySize);
            Memory.Regions[0].Backing.Span.Fill(fill);
            ulong avail = Base + (ulong)SplitRingLayout.DescriptorTableSize(size);
            ulong used = (ulong)SplitRingLayout.AlignUp((long)avail + SplitRingLayout.AvailRingSize(size), SplitRingLayout.UsedRingAlignment);
            Config = new QueueConfiguration(size, Base, avail, used, features);
            Assert.That(SplitQueueDriverEnd.TryCreate(Memory, Config, out SplitQueueDriverEnd? driver, IndirectArea, indirectEntries), Is.EqualTo(QueueError.None));
            Assert.That(SplitQueueDeviceEnd.TryCreate(Memory, Config, out SplitQueueDeviceEnd? device), Is.EqualTo(QueueError.None));
            Driver = driver!;
            Device = device!;
            Storage = new ChainBuffer[size + 64];
        }

        public GuestMemory Memory { get; }

        public QueueConfiguration Config { get; }

        public SplitQueueDriverEnd Driver { get; }

        public SplitQueueDeviceEnd Device { get; }

        /// <summary>Room for more buffers than any chain the tests build, so only the ring's own rules refuse a chain.</summary>
        public ChainBuffer[] Storage { get; }

        public static ulong Buffer(int index) => QueuePairLayout.Buffer(index);

        public static BufferSpec[] Buffers(int first, int count, uint length) => QueuePairLayout.Buffers(first, count, length);

        public ChainToken Pop() => QueuePairLayout.Pop(Device, Storage);

        public Span<byte> Area(ulong address, int length)
        {
            Assert.That(Memory.TryGetSpan(address, length, out Span<byte> span), Is.True);
            return span;
        }

        /// <summary>Writes descriptor <paramref name="index"/> of the table at <paramref name="table"/>.</summary>
        public void WriteDescriptor(ulong table, int index, ulong address, uint length, DescriptorFlags flags, ushort next = 0)
        {
            Span<byte> descriptor = Area(table + ((ulong)index * SplitRingLayout.DescriptorSize), SplitRingLayout.DescriptorSize);
            RingAccess.WriteUInt64(descriptor, SplitRingLayout.DescriptorAddressOffset, address);
            RingAccess.WriteUInt32(descriptor, SplitRingLayout.DescriptorLengthOffset, length);
            RingAccess.WriteUInt16(descriptor, SplitRingLayout.DescriptorFlagsOffset, (ushort)flags);
            RingAccess.WriteUInt16(descriptor, SplitRingLayout.DescriptorNextOffset, next);
        }

        /// <summary>Makes descriptor <paramref name="head"/> available as the next entry of the available ring, as a driver would.</summary>
        public void Publish(ushort head)
        {
            Span<byte> avail = Area(Config.DriverArea, SplitRingLayout.AvailRingSize(Config.Size));
            ushort idx = RingAccess.ReadUInt16(avail, SplitRingLayout.AvailIdxOffset);
            RingAccess.WriteUInt16(avail, SplitRingLayout.AvailSlotOffset(idx % Config.Size), head);
            RingAccess.WriteUInt16(avail, SplitRingLayout.AvailIdxOffset, (ushort)(idx + 1));
        }
    }
}
