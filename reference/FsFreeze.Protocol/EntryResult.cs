namespace FsFreeze.Protocol
{
    /// <summary>
    /// <c>virtio_fsfreeze_entry.result</c>, spec "Messages". Each result is counted by one of the reply's counts
    /// (FF-DRV-26): FROZEN by <c>frozen_count</c>; THAWED and ROLLED_BACK by <c>thawed_count</c> (FF-DRV-19 counts
    /// rolled-back superblocks as thawed); both SKIPPED results by <c>skipped_count</c>; FAILED by <c>failed_count</c>.
    /// </summary>
    public enum EntryResult : ushort
    {
        /// <summary>FROZEN: the driver holds this superblock frozen.</summary>
        Frozen = 0,

        /// <summary>THAWED: the driver thawed it.</summary>
        Thawed = 1,

        /// <summary>SKIPPED_UNFREEZABLE: no backing block device and no freeze of its own (FF-DRV-17).</summary>
        SkippedUnfreezable = 2,

        /// <summary>SKIPPED_NOT_SELECTED: no selector named it (FF-DRV-18).</summary>
        SkippedNotSelected = 3,

        /// <summary>FAILED: its freeze or thaw failed; <c>error</c> holds the positive errno.</summary>
        Failed = 4,

        /// <summary>ROLLED_BACK: frozen by this FREEZE, then thawed because another superblock failed (FF-DRV-19).</summary>
        RolledBack = 5,
    }
}
