namespace FsFreeze.Guest.Vfs
{
    /// <summary>The filesystem types of notes §2, with their traits.</summary>
    public static class FilesystemTypes
    {
        /// <summary>ext4 with a journal: ext4_freeze flushes the journal, clears needs_recovery; ext4_unfreeze sets it.</summary>
        public static FilesystemType Ext4 { get; } = new()
        {
            Name = "ext4", HasFreezeFs = true, HasBackingDevice = true, Journaled = true, SetsNeedsRecoveryOnUnfreeze = true,
        };

        /// <summary>
        /// xfs: delayed logging (the log on disk is untouched until a checkpoint), and xfs_fs_freeze covers the log
        /// (nothing left to replay, every change in place) without an unmount record, so recovery is still flagged.
        /// </summary>
        public static FilesystemType Xfs { get; } = new()
        {
            Name = "xfs", HasFreezeFs = true, HasBackingDevice = true, Journaled = true, DelayedLogging = true, CoversLogOnFreeze = true,
        };

        /// <summary>btrfs: copy-on-write, one superblock for every subvolume, anonymous s_dev, btrfs_freeze commits.</summary>
        public static FilesystemType Btrfs { get; } = new()
        {
            Name = "btrfs", HasFreezeFs = true, HasBackingDevice = true, CopyOnWrite = true, ChecksDeviceOnUnfreeze = true,
            AnonymousDevice = true,
        };

        /// <summary>ext2: no journal; ext2_freeze marks the superblock valid (clean), ext2_unfreeze marks it in use again.</summary>
        public static FilesystemType Ext2 { get; } = new()
        {
            Name = "ext2", HasFreezeFs = true, HasBackingDevice = true, HasCleanFlag = true,
        };

        /// <summary>vfat: no <c>->freeze_fs</c> (fat_sops); only the generic freeze, which leaves the FAT dirty bit set.</summary>
        public static FilesystemType Vfat { get; } = new()
        {
            Name = "vfat", HasBackingDevice = true, HasCleanFlag = true,
        };

        /// <summary>msdos: as vfat.</summary>
        public static FilesystemType Msdos { get; } = Vfat with { Name = "msdos" };

        /// <summary>tmpfs: contents live in RAM, no freeze hooks (mm/shmem.c).</summary>
        public static FilesystemType Tmpfs { get; } = new() { Name = "tmpfs", IsPseudo = true };

        /// <summary>proc.</summary>
        public static FilesystemType Proc { get; } = new() { Name = "proc", IsPseudo = true };

        /// <summary>sysfs (kernfs must never implement freeze, notes §1.8).</summary>
        public static FilesystemType Sysfs { get; } = new() { Name = "sysfs", IsPseudo = true };

        /// <summary>devtmpfs.</summary>
        public static FilesystemType Devtmpfs { get; } = new() { Name = "devtmpfs", IsPseudo = true };

        /// <summary>cgroup2.</summary>
        public static FilesystemType Cgroup2 { get; } = new() { Name = "cgroup2", IsPseudo = true };

        /// <summary>overlay: <c>sync_fs</c> only; writes go through the upper filesystem's mount.</summary>
        public static FilesystemType Overlay { get; } = new() { Name = "overlay" };

        /// <summary>nfs4: network, no freeze.</summary>
        public static FilesystemType Nfs { get; } = new() { Name = "nfs4", IsRemote = true };

        /// <summary>fuse: no freeze (fuse_super_operations has only sync_fs).</summary>
        public static FilesystemType Fuse { get; } = new() { Name = "fuse", IsRemote = true };

        /// <summary>virtiofs: FUSE over virtio; the host owns consistency.</summary>
        public static FilesystemType Virtiofs { get; } = new() { Name = "virtiofs", IsRemote = true };

        /// <summary>Every type above, for lookups by name.</summary>
        public static System.Collections.Generic.IReadOnlyList<FilesystemType> All { get; } =
            [Ext4, Xfs, Btrfs, Ext2, Vfat, Msdos, Tmpfs, Proc, Sysfs, Devtmpfs, Cgroup2, Overlay, Nfs, Fuse, Virtiofs];

        /// <summary>The type named <paramref name="name"/> as mountinfo spells it, or null when the model has none.</summary>
        public static FilesystemType? Find(string name)
        {
            foreach (FilesystemType type in All)
            {
                if (string.Equals(type.Name, name, System.StringComparison.Ordinal))
                {
                    return type;
                }
            }

            return null;
        }
    }
}
