namespace FsFreeze.Virtio.Queues
{
    /// <summary>A completion the driver end reclaimed from the used ring and validated.</summary>
    public readonly struct UsedBuffer
    {
        /// <summary>Creates a completion.</summary>
        public UsedBuffer(ushort id, uint length, ulong token)
        {
            Id = id;
            Length = length;
            Token = token;
        }

        /// <summary>Head descriptor index (split) or Buffer ID (packed) of the completed chain.</summary>
        public ushort Id { get; }

        /// <summary>Bytes the device wrote into the chain's writable buffers.</summary>
        public uint Length { get; }

        /// <summary>The caller's token given when the chain was added.</summary>
        public ulong Token { get; }
    }
}
