namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// A mount (struct vfsmount): a path showing a subtree of a superblock. Bind mounts and btrfs subvolumes give
    /// several mounts of one superblock; freezing is per superblock, never per mount (notes §2).
    /// </summary>
    public sealed class Mount
    {
        internal Mount(int id, string path, SuperBlock superBlock, string root, bool readOnly)
        {
            Id = id;
            Path = path;
            SuperBlock = superBlock;
            Root = root;
            ReadOnly = readOnly;
        }

        /// <summary>Mount order, as mountinfo lists it.</summary>
        public int Id { get; }

        /// <summary>The mount point, for example "/home".</summary>
        public string Path { get; }

        /// <summary>The superblock behind it.</summary>
        public SuperBlock SuperBlock { get; }

        /// <summary>The subtree of the filesystem shown here ("/" for the whole filesystem).</summary>
        public string Root { get; }

        /// <summary>MNT_READONLY: writes through this mount fail with EROFS even if the superblock is writable.</summary>
        public bool ReadOnly { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Path} ({SuperBlock}, root {Root})";
    }
}
