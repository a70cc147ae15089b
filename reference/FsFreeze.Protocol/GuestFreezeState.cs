namespace FsFreeze.Protocol
{
    /// <summary><c>virtio_fsfreeze_reply.state</c>, spec "Messages". Any other value breaks the protocol (FF-DEV-12).</summary>
    public enum GuestFreezeState : uint
    {
        /// <summary>THAWED: the driver holds nothing frozen.</summary>
        Thawed = 0,

        /// <summary>FROZEN: the driver holds a freeze; <c>remaining_ms</c> counts down to the auto-thaw.</summary>
        Frozen = 1,

        /// <summary>FREEZING: a FREEZE is being carried out (FF-DRV-10).</summary>
        Freezing = 2,

        /// <summary>THAWING: a THAW is being carried out (FF-DRV-10).</summary>
        Thawing = 3,
    }
}
