namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// Where the model keeps things on a block device. Block values are 64-bit numbers: data blocks hold the value last
    /// written to the page; the superblock holds <see cref="OnDiskFlags"/> in its low byte and the committed
    /// generation above it; the journal block holds the number of committed, not yet checkpointed transactions.
    /// </summary>
    public static class OnDiskLayout
    {
        /// <summary>The filesystem superblock.</summary>
        public const long SuperBlock = 0;

        /// <summary>The journal (log) area, journaled types only.</summary>
        public const long Journal = 1;

        /// <summary>The first block handed out for file data.</summary>
        public const long FirstDataBlock = 16;

        /// <summary>Packs the superblock block's value.</summary>
        public static long EncodeSuper(OnDiskFlags flags, long generation) => (generation << 8) | (long)flags;

        /// <summary>The flags of a superblock block's value.</summary>
        public static OnDiskFlags Flags(long value) => (OnDiskFlags)(value & 0xFF);

        /// <summary>The generation of a superblock block's value.</summary>
        public static long Generation(long value) => value >> 8;
    }
}
