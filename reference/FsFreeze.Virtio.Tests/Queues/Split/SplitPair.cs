using System;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Virtio.Tests.Queues.Split
{
    /// <summary>Both ends of one split queue in a fresh guest memory: descriptor table, available ring and used ring packed tightly.</summary>
    internal sealed class SplitPair
    {
        public const ulong Base = 0x10_0000;
        public const ulong IndirectArea = Base + 0x10_0000;
        public const ulong DataArea = Base + 0x20_0000;
        public const int MemorySize = 4 << 20;

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

        public static ulong Buffer(int index) => DataArea + ((ulong)index * 256);

        public static BufferSpec[] Buffers(int first, int count, uint length)
        {
            var buffers = new BufferSpec[count];
            for (int i = 0; i < count; i++)
            {
                buffers[i] = new BufferSpec(Buffer(first + i), length);
            }

            return buffers;
        }

        public ChainToken Pop()
        {
            Assert.That(Device.TryPop(Storage, out DescriptorChain chain, out QueueError error), Is.True, error.ToString());
            return new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength);
        }

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
