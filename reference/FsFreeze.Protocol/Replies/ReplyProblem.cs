namespace FsFreeze.Protocol.Replies
{
    /// <summary>
    /// How a reply breaks the document (FF-DEV-12). For a reply to an awaited request each completes that request
    /// with a protocol error; an EVENT with one of them is ignored (<see cref="ReplyIgnoredReason.MalformedEvent"/>).
    /// </summary>
    public enum ReplyProblem
    {
        /// <summary>The reply keeps every rule.</summary>
        None = 0,

        /// <summary><c>status</c> is not one of the seven status codes.</summary>
        UnknownStatus,

        /// <summary><c>state</c> is not THAWED, FROZEN, FREEZING or THAWING.</summary>
        UnknownState,

        /// <summary><c>reserved</c> is non-zero.</summary>
        ReservedNonZero,

        /// <summary>A reply other than an EVENT with a non-zero <c>event</c> ("otherwise 0").</summary>
        EventFieldNonZero,

        /// <summary>A non-zero <c>notice_late</c>, APP_NOTICE not negotiated (FF-DRV-5).</summary>
        NoticeLateWithoutAppNotice,

        /// <summary>OK to a FREEZE with a non-zero <c>failed_count</c>.</summary>
        OkFreezeWithFailures,

        /// <summary>
        /// FAILED to a FREEZE with a non-zero <c>frozen_count</c>: a failed freeze is rolled back (FF-DRV-19). Not
        /// applied to a THAW, whose failed superblocks stay held (FF-DRV-25).
        /// </summary>
        FailedFreezeWithFrozen,

        /// <summary>Entries, SB_DETAIL not negotiated (FF-DRV-5).</summary>
        EntriesWithoutSbDetail,

        /// <summary><c>entry_count</c> above the configuration's <c>max_entries</c>.</summary>
        EntryCountAboveMax,

        /// <summary><c>entry_count</c> entries do not fit the bytes the driver sent.</summary>
        EntriesBeyondBuffer,

        /// <summary>An entry's <c>result</c> is not one of the six results.</summary>
        UnknownEntryResult,

        /// <summary>An entry sets a <c>flags</c> bit other than READ_ONLY and USER_FROZEN.</summary>
        UnknownEntryFlags,

        /// <summary>An entry's <c>error</c> is 0 for FAILED or non-zero for any other result.</summary>
        EntryErrorMismatch,

        /// <summary>An entry's <c>fs_type</c> has a non-NUL byte after its first NUL.</summary>
        FsTypeNotNulPadded,

        /// <summary>
        /// The entries contradict the counts (FF-DRV-26): more entries of a kind than its count, or, when the
        /// list is complete, fewer.
        /// </summary>
        EntriesContradictCounts,
    }
}
