namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// <c>sb->s_writers.frozen</c> (include/linux/fs.h). Levels 1-3 each block one class of writers, in order;
    /// COMPLETE means freeze_super finished (notes §1.2).
    /// </summary>
    public enum FreezeLevel
    {
        /// <summary>SB_UNFROZEN: nothing blocked.</summary>
        Unfrozen = 0,

        /// <summary>SB_FREEZE_WRITE: new <c>sb_start_write</c> callers (write(2), truncate, ...) sleep.</summary>
        Write = 1,

        /// <summary>SB_FREEZE_PAGEFAULT: new <c>sb_start_pagefault</c> callers (writes through mmap) sleep too.</summary>
        PageFault = 2,

        /// <summary>SB_FREEZE_FS: new <c>sb_start_intwrite</c> callers (internal writers, transactions) sleep too.</summary>
        Fs = 3,

        /// <summary>SB_FREEZE_COMPLETE: synced, <c>->freeze_fs</c> done; the on-disk image is stable.</summary>
        Complete = 4,
    }
}
