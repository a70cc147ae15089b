namespace FsFreeze.Device.BlockLayer
{
    /// <summary>What a block request does.</summary>
    public enum BlockRequestKind
    {
        /// <summary>Reads bytes from the image.</summary>
        Read,

        /// <summary>Writes bytes to the image.</summary>
        Write,

        /// <summary>Makes earlier completed writes durable (a cache flush).</summary>
        Flush,
    }

    /// <summary>
    /// One guest block request to a virtual disk, as a virtio-blk request would carry it: accepted, then in
    /// flight, then completed exactly once.
    /// </summary>
    public sealed class BlockRequest
    {
        internal BlockRequest(long id, BlockRequestKind kind, long offset, byte[] data)
        {
            Id = id;
            Kind = kind;
            Offset = offset;
            Data = data;
        }

        /// <summary>Sequence number in the order the disk accepted requests.</summary>
        public long Id { get; }

        /// <summary>Read, write or flush.</summary>
        public BlockRequestKind Kind { get; }

        /// <summary>Byte offset in the image.</summary>
        public long Offset { get; }

        /// <summary>The bytes written, or the buffer a read fills.</summary>
        public byte[] Data { get; }

        /// <summary>True once the disk completed the request.</summary>
        public bool IsCompleted { get; internal set; }

        /// <summary>How many times the request completed; anything but 0 or 1 is a bug (FF-HOST-5).</summary>
        public int CompletionCount { get; internal set; }
    }
}
