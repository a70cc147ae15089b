namespace FsFreeze.Guest.Vfs
{
    /// <summary>Which freeze protection a modification enters through (include/linux/fs.h, notes §1.2).</summary>
    public enum WriterKind
    {
        /// <summary><c>sb_start_write</c>: write(2), truncate, mnt_want_write paths. Blocked from SB_FREEZE_WRITE.</summary>
        Write = 1,

        /// <summary><c>sb_start_pagefault</c>: a store into a shared writable mapping (page_mkwrite). Blocked from SB_FREEZE_PAGEFAULT.</summary>
        PageFault = 2,

        /// <summary><c>sb_start_intwrite</c>: internal writers (inode eviction, background work). Blocked from SB_FREEZE_FS.</summary>
        Internal = 3,
    }
}
