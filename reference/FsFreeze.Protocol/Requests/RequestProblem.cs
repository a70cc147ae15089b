namespace FsFreeze.Protocol.Requests
{
    /// <summary>
    /// Why the driver refuses a request: each value is one case of FF-DRV-11 or FF-DRV-34 (answered INVALID) or FF-DRV-12
    /// (answered UNSUPPORTED). <see cref="RequestDecodeResult.Status"/> maps each to its status.
    /// </summary>
    public enum RequestProblem
    {
        /// <summary>The request keeps every rule.</summary>
        None = 0,

        // ---- INVALID (FF-DRV-11) ----

        /// <summary>The used length is below 16, the header.</summary>
        TooShort,

        /// <summary><c>type</c> is not FREEZE, THAW or STATUS.</summary>
        UnknownType,

        /// <summary><c>flags</c> (reserved) is non-zero.</summary>
        FlagsNonZero,

        /// <summary><c>request_id</c> is 0, which no reply could echo (0 marks an EVENT).</summary>
        RequestIdZero,

        /// <summary>A FREEZE with <c>deadline_ms</c> 0.</summary>
        FreezeDeadlineZero,

        /// <summary>
        /// A FREEZE whose <c>deadline_ms</c> is above the <c>max_deadline_ms</c> the driver read at probe (FF-DRV-34,
        /// answered INVALID like the cases of FF-DRV-11).
        /// </summary>
        FreezeDeadlineAboveMax,

        /// <summary>A FREEZE whose <c>notice_ms</c> is not below <c>deadline_ms</c>.</summary>
        FreezeNoticeNotBelowDeadline,

        /// <summary>A THAW or STATUS with a non-zero <c>deadline_ms</c>.</summary>
        DeadlineOnNonFreeze,

        /// <summary>A THAW or STATUS with a non-zero <c>notice_ms</c>.</summary>
        NoticeOnNonFreeze,

        /// <summary>A THAW or STATUS with a non-zero <c>selector_count</c>.</summary>
        SelectorsOnNonFreeze,

        /// <summary>The used length is below the length the selectors need (each padded to 8 bytes).</summary>
        SelectorsBeyondLength,

        /// <summary>A selector's <c>kind</c> is not DEVICE or MOUNT_PATH.</summary>
        SelectorUnknownKind,

        /// <summary>A DEVICE selector whose <c>length</c> is not 8, or a MOUNT_PATH one not 1 to 4096.</summary>
        SelectorBadLength,

        /// <summary>A MOUNT_PATH that does not start with '/'.</summary>
        SelectorPathNotAbsolute,

        /// <summary>A MOUNT_PATH that contains a NUL byte.</summary>
        SelectorPathContainsNul,

        /// <summary>A selector's padding is not all zero.</summary>
        SelectorPaddingNonZero,

        // ---- UNSUPPORTED (FF-DRV-12) ----

        /// <summary>A FREEZE with selectors, SELECTIVE not negotiated.</summary>
        SelectorsWithoutSelective,

        /// <summary>A FREEZE with a non-zero <c>notice_ms</c>, APP_NOTICE not negotiated.</summary>
        NoticeWithoutAppNotice,
    }
}
