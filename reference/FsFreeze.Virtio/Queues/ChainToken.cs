namespace FsFreeze.Virtio.Queues
{
    /// <summary>
    /// What a device keeps of a popped chain until it marks the chain used: its id, the ring slots it took and its
    /// writable space. A plain value, so a device can hold many without allocating.
    /// </summary>
    public readonly struct ChainToken
    {
        /// <summary>Creates a token.</summary>
        public ChainToken(ushort id, ushort descriptorCount, uint writableLength)
        {
            Id = id;
            DescriptorCount = descriptorCount;
            WritableLength = writableLength;
        }

        /// <summary>Head index (split) or Buffer ID (packed).</summary>
        public ushort Id { get; }

        /// <summary>Ring slots the chain occupies; the packed ring skips this many when it is used.</summary>
        public ushort DescriptorCount { get; }

        /// <summary>Total bytes of the chain's device-writable buffers.</summary>
        public uint WritableLength { get; }
    }
}
