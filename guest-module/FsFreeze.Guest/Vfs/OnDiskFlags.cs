using System;

namespace FsFreeze.Guest.Vfs
{
    /// <summary>State bits a filesystem's on-disk superblock carries in the model (block <see cref="OnDiskLayout.SuperBlock"/>).</summary>
    [Flags]
    public enum OnDiskFlags
    {
        /// <summary>Clean.</summary>
        None = 0,

        /// <summary>Journal replay needed at mount (ext4 EXT4_FEATURE_INCOMPAT_RECOVER, a dirty xfs log).</summary>
        NeedsRecovery = 1,

        /// <summary>Not cleanly unmounted (ext2 s_state without EXT2_VALID_FS, FAT dirty bit): a full fsck is forced.</summary>
        NotClean = 2,

        /// <summary>Metadata was written while an update was half done (non-journaled, in place): the image is inconsistent.</summary>
        MidUpdate = 4,
    }
}
