using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;

namespace FsFreeze.Virtio.Tests.Queues.Packed
{
    /// <summary>Both ends of one packed queue in a fresh guest memory, areas packed tightly.</summary>
    internal sealed class PackedPair
    {
        public const ulong Base = 0x10_0000;
        public const ulong IndirectArea = Base + 0x10_0000;
        public const ulong DataArea = Base + 0x20_0000;
        public const int IndirectEntries = 8;

        public PackedPair(ushort size, ulong features = 0)
        {
            Memory = GuestMemory.Allocate(Base, 4 << 20);
            ulong driverArea = Base + (ulong)PackedRingLayout.DescriptorRingSize(size);
            Config = new QueueConfiguration(size, Base, driverArea, driverArea + 4, features | VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked));
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

        public ushort DescriptorFlags(int slot) =>
            RingAccess.ReadUInt16(Memory.Regions[0].Backing.Span, PackedRingLayout.DescriptorOffset(slot) + PackedRingLayout.DescriptorFlagsOffset);
    }
}
