using System;

namespace FsFreeze.Protocol
{
    /// <summary><c>virtio_fsfreeze_entry.flags</c>, spec "Messages". Bits 2 to 15 are undefined and must be 0.</summary>
    [Flags]
    public enum EntryFlags : ushort
    {
        /// <summary>No flag.</summary>
        None = 0,

        /// <summary>READ_ONLY: the superblock is mounted read-only.</summary>
        ReadOnly = 1 << 0,

        /// <summary>USER_FROZEN: also frozen by a userspace holder (FIFREEZE), which the driver never drops (FF-DRV-22).</summary>
        UserFrozen = 1 << 1,
    }
}
