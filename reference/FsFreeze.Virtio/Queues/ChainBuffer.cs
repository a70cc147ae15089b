namespace FsFreeze.Virtio.Queues
{
    /// <summary>One buffer of a validated descriptor chain, as the device end hands it to a device.</summary>
    public readonly struct ChainBuffer
    {
        /// <summary>Creates a buffer description.</summary>
        public ChainBuffer(ulong address, uint length, bool isWritable)
        {
            Address = address;
            Length = length;
            IsWritable = isWritable;
        }

        /// <summary>Guest-physical address of the buffer.</summary>
        public ulong Address { get; }

        /// <summary>Length of the buffer in bytes.</summary>
        public uint Length { get; }

        /// <summary>True for a device-writable buffer (VIRTQ_DESC_F_WRITE), false for a device-readable one.</summary>
        public bool IsWritable { get; }

        /// <inheritdoc />
        public override string ToString() => $"{(IsWritable ? "W" : "R")}@0x{Address:x}+{Length}";
    }
}
