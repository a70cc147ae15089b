namespace FsFreeze.Device.Snapshot
{
    /// <summary>Why a snapshot fell back to blocking I/O only (FF-HOST-4).</summary>
    public enum SnapshotFallbackReason
    {
        /// <summary>No fallback: the snapshot is <see cref="SnapshotPath.Quiesced"/>.</summary>
        None,

        /// <summary>No driver was present, or it went away before replying.</summary>
        NoDriver,

        /// <summary>
        /// The driver answered something other than a freeze: FAILED, or (this document's choice) BUSY, INVALID,
        /// UNSUPPORTED or ALREADY_FROZEN, or the host itself had a FREEZE or THAW outstanding.
        /// </summary>
        Failed,

        /// <summary>No reply within the deadline, or the driver answered DEADLINE.</summary>
        DeadlinePassed,

        /// <summary>The reply broke the protocol (FF-DEV-12).</summary>
        ProtocolError,
    }
}
