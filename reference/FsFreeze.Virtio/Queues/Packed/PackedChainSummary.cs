namespace FsFreeze.Virtio.Queues.Packed
{
    /// <summary>What a packed chain walk found: the Buffer ID, the ring slots taken and the buffers' totals.</summary>
    internal readonly struct PackedChainSummary
    {
        public PackedChainSummary(ushort bufferId, ushort descriptorCount, int count, int readableCount, uint readableLength, uint writableLength)
        {
            BufferId = bufferId;
            DescriptorCount = descriptorCount;
            Count = count;
            ReadableCount = readableCount;
            ReadableLength = readableLength;
            WritableLength = writableLength;
        }

        /// <summary>The Buffer ID of the chain's last descriptor.</summary>
        public ushort BufferId { get; }

        /// <summary>Ring slots the chain occupies.</summary>
        public ushort DescriptorCount { get; }

        /// <summary>Buffers stored.</summary>
        public int Count { get; }

        /// <summary>Device-readable buffers among them (they come first).</summary>
        public int ReadableCount { get; }

        /// <summary>Total bytes of the device-readable buffers.</summary>
        public uint ReadableLength { get; }

        /// <summary>Total bytes of the device-writable buffers.</summary>
        public uint WritableLength { get; }
    }
}
