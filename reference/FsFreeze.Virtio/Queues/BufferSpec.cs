namespace FsFreeze.Virtio.Queues
{
    /// <summary>A buffer the driver end places in a chain: a guest-physical address and a length.</summary>
    public readonly struct BufferSpec
    {
        /// <summary>Creates a buffer specification.</summary>
        public BufferSpec(ulong address, uint length)
        {
            Address = address;
            Length = length;
        }

        /// <summary>Guest-physical address.</summary>
        public ulong Address { get; }

        /// <summary>Length in bytes.</summary>
        public uint Length { get; }
    }
}
