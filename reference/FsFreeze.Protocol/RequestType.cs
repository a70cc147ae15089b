namespace FsFreeze.Protocol
{
    /// <summary>
    /// <c>virtio_fsfreeze_req.type</c>, spec "Messages". A reply echoes it (<see cref="ReplyType"/> has the same
    /// values). Any other value is an unknown type, answered INVALID (FF-DRV-11).
    /// </summary>
    public enum RequestType : ushort
    {
        /// <summary>FREEZE: freeze the guest's filesystems with a deadline.</summary>
        Freeze = 1,

        /// <summary>THAW: thaw everything the driver holds frozen.</summary>
        Thaw = 2,

        /// <summary>STATUS: report the current state, counts and remaining time.</summary>
        Status = 3,
    }
}
