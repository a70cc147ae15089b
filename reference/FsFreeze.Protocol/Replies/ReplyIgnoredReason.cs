namespace FsFreeze.Protocol.Replies
{
    /// <summary>Why the device ignores (and counts) a message on replyq: FF-DEV-11 and FF-DEV-13.</summary>
    public enum ReplyIgnoredReason
    {
        /// <summary>Not ignored.</summary>
        None = 0,

        /// <summary>Shorter than the 48-byte header (FF-DEV-11).</summary>
        TooShort,

        /// <summary>A reply whose <c>request_id</c> awaits no reply (FF-DEV-11).</summary>
        UnknownRequestId,

        /// <summary>A reply whose <c>type</c> is not the awaited request's (FF-DEV-11).</summary>
        TypeMismatch,

        /// <summary>An EVENT, EVENTS not negotiated (FF-DEV-13).</summary>
        EventNotNegotiated,

        /// <summary>An EVENT with a non-zero <c>request_id</c> (FF-DEV-13).</summary>
        EventWithRequestId,

        /// <summary>An EVENT whose <c>event</c> is not AUTO_THAWED or THAWED_ON_REMOVE (FF-DEV-13).</summary>
        UnknownEvent,

        /// <summary>
        /// An EVENT that breaks a rule of FF-DEV-12 (<see cref="ReplyVerdict.Problem"/> says which). There is no
        /// request to complete with a protocol error, so the device ignores it like any other bad EVENT.
        /// </summary>
        MalformedEvent,
    }
}
