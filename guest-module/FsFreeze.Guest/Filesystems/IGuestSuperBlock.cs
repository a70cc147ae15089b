using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Filesystems
{
    /// <summary>
    /// One superblock as the driver sees it (spec "Device operation", FF-DRV-15 to FF-DRV-26): its identity
    /// (<c>s_dev</c>), its type's name, and the few flags that decide eligibility and fill a reply entry. The VFS
    /// model's <see cref="SuperBlock"/> and the real Linux backend's superblocks both implement it, so the driver's
    /// request-to-reply path runs unchanged over either.
    /// </summary>
    public interface IGuestSuperBlock
    {
        /// <summary><c>s_dev</c>, major:minor as mountinfo shows it; the identity reply entries carry (FF-DRV-26).</summary>
        DeviceNumber Dev { get; }

        /// <summary>The filesystem type's name as in /proc/filesystems, for example "ext4".</summary>
        string TypeName { get; }

        /// <summary>SB_RDONLY: the superblock (not just one mount of it) is read-only.</summary>
        bool ReadOnly { get; }

        /// <summary>The superblock sits on a block device (<c>s_bdev</c>), so a freeze yields a stable disk image (FF-DRV-17).</summary>
        bool OnBlockDevice { get; }

        /// <summary>The type implements its own freeze (<c>freeze_fs</c>); such a superblock is eligible without a block device (FF-DRV-17).</summary>
        bool TypeHasOwnFreeze { get; }

        /// <summary>A userspace holder (FIFREEZE, a block-device freeze) also holds it frozen: the USER_FROZEN entry flag (FF-DRV-22).</summary>
        bool UserFrozen { get; }
    }
}
