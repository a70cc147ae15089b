namespace FsFreeze.Guest.Vfs
{
    /// <summary>Options of a mount.</summary>
    public sealed record MountOptions
    {
        /// <summary>Mount read-only (a new superblock is created read-only: SB_RDONLY).</summary>
        public bool ReadOnly { get; init; }

        /// <summary>btrfs subvolume to show at the mount point ("subvol="); the superblock is shared.</summary>
        public string? Subvolume { get; init; }

        /// <summary>Default options: read-write, whole filesystem.</summary>
        public static MountOptions Default { get; } = new();
    }
}
