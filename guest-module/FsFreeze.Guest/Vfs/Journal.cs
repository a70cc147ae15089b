namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// The journal (jbd2) or log (xfs) of a journaled superblock, at the level of detail freeze needs: handles in
    /// progress, metadata updates in the running transaction, committed transactions not yet checkpointed, and the
    /// in-memory needs-recovery feature flag (written to disk by commit_super).
    /// </summary>
    public sealed class Journal
    {
        /// <summary>Handles started and not yet stopped (jbd2 <c>t_updates</c>).</summary>
        public int OpenHandles { get; internal set; }

        /// <summary>Metadata updates in the running transaction (jbd2) or the CIL (xfs): memory only until a commit or checkpoint.</summary>
        public int RunningUpdates { get; internal set; }

        /// <summary>Transactions committed to the on-disk journal and not yet checkpointed: a crash image replays them.</summary>
        public int CommittedTransactions { get; internal set; }

        /// <summary>Transactions committed so far (the tid).</summary>
        public long Sequence { get; internal set; }

        /// <summary>
        /// The needs-recovery flag as the filesystem holds it in memory: ext4's EXT4_FEATURE_INCOMPAT_RECOVER; for xfs,
        /// the log holds records written after its last unmount record (what xlog_find_tail makes a mount recover).
        /// </summary>
        public bool NeedsRecovery { get; internal set; }

        /// <summary>Updates are locked out (between jbd2_journal_lock_updates and unlock in ext4_freeze).</summary>
        public bool UpdatesLocked { get; internal set; }
    }
}
