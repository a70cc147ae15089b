namespace FsFreeze.Protocol
{
    /// <summary><c>virtio_fsfreeze_reply.status</c>, spec "Status codes". Any other value breaks the protocol (FF-DEV-12).</summary>
    public enum ReplyStatus : ushort
    {
        /// <summary>OK: done.</summary>
        Ok = 0,

        /// <summary>FAILED: a freeze failed part way and was rolled back, or a thaw failed (FF-DRV-19, FF-DRV-25).</summary>
        Failed = 1,

        /// <summary>BUSY: another FREEZE or THAW is in progress (FF-DRV-9).</summary>
        Busy = 2,

        /// <summary>INVALID: the request is malformed (FF-DRV-11).</summary>
        Invalid = 3,

        /// <summary>UNSUPPORTED: the request uses a feature that was not negotiated (FF-DRV-12).</summary>
        Unsupported = 4,

        /// <summary>ALREADY_FROZEN: a FREEZE arrived while the driver holds a freeze (FF-DRV-21).</summary>
        AlreadyFrozen = 5,

        /// <summary>DEADLINE: the deadline passed before the freeze completed; it was rolled back (FF-DRV-14).</summary>
        Deadline = 6,
    }
}
