using System;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Benchmarks
{
    /// <summary>Both ends of one virtqueue in one guest memory, set up once per benchmark.</summary>
    public sealed class RingPair
    {
        private const ulong Base = 0x10000;

        public RingPair(RingFormat format, ushort size)
        {
            Format = format;
            Memory = GuestMemory.Allocate(Base, 32 << 20);
            ulong descriptors = Base;
            ulong driverArea = descriptors + (ulong)(16 * size);
            ulong deviceArea = (driverArea + (ulong)SplitRingLayout.AvailRingSize(size) + 63) & ~63ul;
            ulong features = VirtioFeatureBit.Mask(VirtioFeatureBit.Version1) | VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx);
            if (format == RingFormat.Packed)
            {
                features |= VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked);
                deviceArea = driverArea + 4;
            }

            Config = new QueueConfiguration(size, descriptors, driverArea, deviceArea, features);
            DriverQueueFactory.TryCreate(Memory, Config, 0, 0, out IDriverQueue? driver);
            DeviceQueueFactory.TryCreate(Memory, Config, out IDeviceQueue? device);
            Driver = driver ?? throw new InvalidOperationException("driver end setup failed");
            Device = device ?? throw new InvalidOperationException("device end setup failed");
            Storage = new ChainBuffer[size];
        }

        /// <summary>The ring format.</summary>
        public RingFormat Format { get; }

        public GuestMemory Memory { get; }

        public QueueConfiguration Config { get; }

        public IDriverQueue Driver { get; }

        public IDeviceQueue Device { get; }

        public ChainBuffer[] Storage { get; }

        /// <summary>Address of data buffer <paramref name="index"/>.</summary>
        public static ulong Buffer(int index) => Base + (16ul << 20) + ((ulong)index * 256);

        /// <summary>Pops one chain and pushes it used; the device half of a round trip.</summary>
        public void DeviceServeOne(uint written)
        {
            if (!Device.TryPop(Storage, out DescriptorChain chain, out QueueError error))
            {
                throw new InvalidOperationException($"nothing to pop: {error}");
            }

            Device.PushUsed(new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength), Math.Min(written, chain.WritableLength));
        }
    }
}
