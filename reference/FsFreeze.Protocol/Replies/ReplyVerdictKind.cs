namespace FsFreeze.Protocol.Replies
{
    /// <summary>What the device does with a message it read from replyq (FF-DEV-11 to FF-DEV-14).</summary>
    public enum ReplyVerdictKind
    {
        /// <summary>Ignore it and count it; an awaited request keeps waiting (FF-DEV-11, FF-DEV-13).</summary>
        Ignored,

        /// <summary>Complete the awaited request it answers with a protocol error for the host (FF-DEV-12).</summary>
        ProtocolError,

        /// <summary>A valid reply completes its request; a valid EVENT updates the guest state (FF-DEV-13).</summary>
        Accepted,
    }
}
