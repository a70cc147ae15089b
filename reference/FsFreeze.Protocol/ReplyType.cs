namespace FsFreeze.Protocol
{
    /// <summary>
    /// <c>virtio_fsfreeze_reply.type</c>, spec "Messages": the request's type echoed, or EVENT for a message the
    /// driver sends on its own (FF-DRV-27, FF-DRV-28).
    /// </summary>
    public enum ReplyType : ushort
    {
        /// <summary>Reply to a FREEZE.</summary>
        Freeze = 1,

        /// <summary>Reply to a THAW.</summary>
        Thaw = 2,

        /// <summary>Reply to a STATUS.</summary>
        Status = 3,

        /// <summary>EVENT: an unsolicited report, <c>request_id</c> 0 (FF-DEV-13).</summary>
        Event = 0x8001,
    }
}
