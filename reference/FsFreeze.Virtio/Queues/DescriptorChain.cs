using System;

namespace FsFreeze.Virtio.Queues
{
    /// <summary>
    /// A descriptor chain the device end popped and validated in full (virtio 1.4 "Message Framing"): its buffers,
    /// device-readable ones first, and the identity the device echoes when it marks the chain used. The buffers
    /// live in storage the caller passed to <see cref="IDeviceQueue.TryPop"/>, so popping allocates nothing.
    /// </summary>
    public readonly ref struct DescriptorChain
    {
        /// <summary>Creates a chain description.</summary>
        public DescriptorChain(ushort id, ushort descriptorCount, ReadOnlySpan<ChainBuffer> buffers, int readableCount, uint readableLength, uint writableLength)
        {
            Id = id;
            DescriptorCount = descriptorCount;
            Buffers = buffers;
            ReadableCount = readableCount;
            ReadableLength = readableLength;
            WritableLength = writableLength;
        }

        /// <summary>
        /// The id written to the used element: the head descriptor index for a split ring, the Buffer ID for a
        /// packed ring.
        /// </summary>
        public ushort Id { get; }

        /// <summary>Ring slots the chain occupies (direct descriptors, or 1 for an indirect pointer plus any before it).</summary>
        public ushort DescriptorCount { get; }

        /// <summary>All buffers in chain order; the first <see cref="ReadableCount"/> are device-readable.</summary>
        public ReadOnlySpan<ChainBuffer> Buffers { get; }

        /// <summary>Number of device-readable buffers.</summary>
        public int ReadableCount { get; }

        /// <summary>Device-readable buffers.</summary>
        public ReadOnlySpan<ChainBuffer> Readable => Buffers.Slice(0, ReadableCount);

        /// <summary>Device-writable buffers.</summary>
        public ReadOnlySpan<ChainBuffer> Writable => Buffers.Slice(ReadableCount);

        /// <summary>Total bytes of the device-readable buffers.</summary>
        public uint ReadableLength { get; }

        /// <summary>Total bytes of the device-writable buffers.</summary>
        public uint WritableLength { get; }
    }
}
