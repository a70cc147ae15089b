using System;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Conformance.Rings
{
    /// <summary>
    /// One virtqueue laid out in a fresh guest memory, with both ends of the implementation under test (when it
    /// offers them) and a data area for buffers. Areas are packed tightly, as a driver may place them, so an
    /// implementation that writes past an area's end corrupts its neighbour and is caught.
    /// </summary>
    public sealed class RingHarness
    {
        /// <summary>Guest-physical base of the guest memory.</summary>
        public const ulong MemoryBase = 0x1_0000;

        /// <summary>Bytes of guest memory.</summary>
        public const int MemorySize = 8 << 20;

        /// <summary>Start of the descriptor area.</summary>
        public const ulong DescriptorArea = MemoryBase;

        /// <summary>Start of the data area from which tests carve buffers.</summary>
        public const ulong DataArea = MemoryBase + (4 << 20);

        /// <summary>Start of the area for the driver end's indirect tables.</summary>
        public const ulong IndirectArea = MemoryBase + (2 << 20);

        /// <summary>Indirect table entries per head.</summary>
        public const int IndirectEntries = 8;

        /// <summary>Lays out a queue of <paramref name="size"/> with <paramref name="features"/> for <paramref name="implementation"/>.</summary>
        public RingHarness(Adapters.IVirtqueueImplementation implementation, ushort size, ulong features, bool createDriverEnd = true, bool createDeviceEnd = true)
        {
            ArgumentNullException.ThrowIfNull(implementation);
            Implementation = implementation;
            Memory = GuestMemory.Allocate(MemoryBase, MemorySize);
            ulong driverArea;
            ulong deviceArea;
            if (implementation.IsPacked)
            {
                features |= VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked);
                driverArea = DescriptorArea + (ulong)(16 * size);
                deviceArea = driverArea + 4;
            }
            else
            {
                driverArea = DescriptorArea + (ulong)SplitRingLayout.DescriptorTableSize(size);
                deviceArea = (ulong)SplitRingLayout.AlignUp((long)driverArea + SplitRingLayout.AvailRingSize(size), SplitRingLayout.UsedRingAlignment);
            }

            Config = new QueueConfiguration(size, DescriptorArea, driverArea, deviceArea, features);
            if (createDriverEnd)
            {
                QueueError error = implementation.CreateDriverEnd(Memory, Config, IndirectArea, Math.Min(IndirectEntries, (int)size), out IDriverQueue? driver);
                Assert.That(error, Is.EqualTo(QueueError.None), "driver end setup");
                Driver = driver!;
            }

            if (createDeviceEnd)
            {
                QueueError error = implementation.CreateDeviceEnd(Memory, Config, out IDeviceQueue? device);
                Assert.That(error, Is.EqualTo(QueueError.None), "device end setup");
                Device = device!;
            }
        }

        /// <summary>The implementation under test.</summary>
        public Adapters.IVirtqueueImplementation Implementation { get; }

        /// <summary>The guest memory shared by both ends.</summary>
        public GuestMemory Memory { get; }

        /// <summary>The queue configuration.</summary>
        public QueueConfiguration Config { get; }

        /// <summary>The driver end (null when not created).</summary>
        public IDriverQueue Driver { get; } = null!;

        /// <summary>The device end (null when not created).</summary>
        public IDeviceQueue Device { get; } = null!;

        /// <summary>Address of data buffer <paramref name="index"/> of 4 KiB in the data area.</summary>
        public static ulong Buffer(int index) => DataArea + ((ulong)index * 4096);

        /// <summary>Pops one chain into fresh storage and returns its token, asserting success.</summary>
        public ChainToken PopOne(out ChainBuffer[] buffers)
        {
            var storage = new ChainBuffer[Config.Size];
            Assert.That(Device.TryPop(storage, out DescriptorChain chain, out QueueError error), Is.True, $"pop failed: {error}");
            buffers = chain.Buffers.ToArray();
            return new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength);
        }

        /// <summary>Tries to pop one chain and returns the error (None with false means nothing was available).</summary>
        public QueueError TryPopError(out bool popped)
        {
            var storage = new ChainBuffer[Config.Size];
            popped = Device.TryPop(storage, out _, out QueueError error);
            return error;
        }
    }
}
