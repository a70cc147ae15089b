namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// A filesystem type as data: the traits that decide how freeze, thaw and writeback behave (notes §2). The VFS
    /// code is one generic path, as fs/super.c is; the traits stand for which <c>super_operations</c> a type fills
    /// in and what its callbacks do. <see cref="FilesystemTypes"/> has the ones the notes describe.
    /// </summary>
    public sealed record FilesystemType
    {
        /// <summary>The type name as in /proc/filesystems and mountinfo, for example "ext4".</summary>
        public required string Name { get; init; }

        /// <summary>
        /// <c>s_op->freeze_fs</c> and <c>->unfreeze_fs</c> exist. Without them freeze_super still runs the generic
        /// steps (block writers, sync, reach COMPLETE) but FIFREEZE answers EOPNOTSUPP (fs/ioctl.c, notes §3).
        /// </summary>
        public bool HasFreezeFs { get; init; }

        /// <summary>FS_REQUIRES_DEV: the superblock sits on a block device (<c>s_bdev</c>), so freezing it yields a stable disk image.</summary>
        public bool HasBackingDevice { get; init; }

        /// <summary>
        /// A journal or log (jbd2, the xfs log): metadata updates go to the running transaction, sync commits it to the
        /// on-disk journal, and the superblock says needs-recovery while the journal may hold unreplayed transactions.
        /// </summary>
        public bool Journaled { get; init; }

        /// <summary>
        /// ext4_unfreeze sets needs_recovery again and commits the superblock at once; the xfs log is marked dirty
        /// only by its next checkpoint (xfs_fs_unfreeze only restarts the log worker, xfs_log_work_queue).
        /// </summary>
        public bool SetsNeedsRecoveryOnUnfreeze { get; init; }

        /// <summary>
        /// Delayed logging (xfs, fs/xfs/xfs_log_cil.c): committed transactions wait in the in-memory CIL and reach the
        /// on-disk log only as a checkpoint, written by a log force (xfs_log_force from <c>->sync_fs</c>, fsync), by
        /// the CIL growing past its space limit (xlog_cil_push_background), or by the periodic log work (xfs_log_worker,
        /// every xfssyncd_centisecs, 30 s by default). A read-write mount writes nothing to the log, so the log keeps
        /// the unmount record mkfs or the last unmount left and a copy needs no recovery until the first checkpoint.
        /// ext4 instead sets needs_recovery on disk at every read-write mount.
        /// </summary>
        public bool DelayedLogging { get; init; }

        /// <summary>
        /// <c>->freeze_fs</c> quiesces the log without writing an unmount record (xfs_fs_freeze → xfs_log_quiesce: log
        /// force, AIL pushed so every change is written in place, then xfs_log_cover commits the superblock through
        /// the log, always on a lazy-counter (v5) filesystem). Since Linux 5.12 ("xfs: cover the log on freeze instead
        /// of cleaning it") this is deliberate: a frozen image still runs log recovery at mount, which replays only
        /// the covering superblock update. So the copy is complete when read with <c>norecovery</c>, but its log is
        /// flagged and a read-only device refuses the plain mount. ext4_freeze instead clears needs_recovery.
        /// </summary>
        public bool CoversLogOnFreeze { get; init; }

        /// <summary>
        /// Copy-on-write (btrfs): writeback never overwrites live metadata; what is on disk is the last committed
        /// transaction, always consistent. sync and btrfs_freeze commit the transaction.
        /// </summary>
        public bool CopyOnWrite { get; init; }

        /// <summary>btrfs_unfreeze re-reads the device superblock and fails with EUCLEAN if its generation changed while frozen.</summary>
        public bool ChecksDeviceOnUnfreeze { get; init; }

        /// <summary>
        /// A non-journaled type that keeps a clean/valid flag in its superblock, cleared while mounted read-write
        /// (ext2 s_state, the FAT dirty bit). A snapshot with the flag cleared forces a full fsck.
        /// </summary>
        public bool HasCleanFlag { get; init; }

        /// <summary><c>s_dev</c> is anonymous (major 0) even with a block device, as btrfs's is (one sb for all subvolumes).</summary>
        public bool AnonymousDevice { get; init; }

        /// <summary>A pseudo filesystem (proc, sysfs, devtmpfs, cgroup, tmpfs): no backing device, never frozen by the driver.</summary>
        public bool IsPseudo { get; init; }

        /// <summary>A network or FUSE filesystem: consistency is the server's or host's business; agents skip it.</summary>
        public bool IsRemote { get; init; }

        /// <summary>True when the type implements its own freeze (<c>freeze_fs</c>); the filter of filesystems_freeze (notes §1.8).</summary>
        public bool HasOwnFreeze => HasFreezeFs;

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
