namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// The Linux errno values the model returns (include/uapi/asm-generic/errno-base.h and errno.h). Kernel calls
    /// return 0 or the negated value; the model returns the positive value (or <see cref="None"/>) from every call
    /// that can fail, never an exception, as the kernel does.
    /// </summary>
    public enum Errno
    {
        /// <summary>Success (the kernel's 0).</summary>
        None = 0,

        /// <summary>Operation not permitted: FIFREEZE/FITHAW without CAP_SYS_ADMIN (fs/ioctl.c).</summary>
        EPERM = 1,

        /// <summary>No such file or directory: the path names no mount.</summary>
        ENOENT = 2,

        /// <summary>I/O error, typically from writeback (an injected sync failure).</summary>
        EIO = 5,

        /// <summary>Device or resource busy: a second non-nesting freeze by the same holder type (fs/super.c may_freeze).</summary>
        EBUSY = 16,

        /// <summary>Invalid argument: thaw of a superblock that is not frozen, or by a holder that holds nothing.</summary>
        EINVAL = 22,

        /// <summary>Read-only file system: a write through a read-only mount or superblock.</summary>
        EROFS = 30,

        /// <summary>Operation not supported: FIFREEZE on a filesystem type without <c>->freeze_fs</c>.</summary>
        EOPNOTSUPP = 95,

        /// <summary>Structure needs cleaning: btrfs_unfreeze found the device superblock changed while frozen.</summary>
        EUCLEAN = 117,
    }
}
