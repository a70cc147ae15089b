namespace FsFreeze.Device.Host
{
    /// <summary>The kinds of result FF-HOST-1 gives FREEZE, THAW and STATUS.</summary>
    public enum HostResultKind
    {
        /// <summary>The driver replied; the reply's status, state, counts and entries are in the result.</summary>
        Completed,

        /// <summary>No cooperating driver: not DRIVER_OK, DEVICE_NEEDS_RESET, FAILED, reset, or no request buffer posted.</summary>
        NoDriver,

        /// <summary>A FREEZE or THAW (or, for STATUS, another STATUS) awaits its reply (FF-DEV-8).</summary>
        Busy,

        /// <summary>No reply within the deadline (FREEZE) or the host's own timeout (THAW, STATUS) (FF-HOST-2).</summary>
        DeadlinePassed,

        /// <summary>The reply broke the protocol (FF-DEV-12).</summary>
        ProtocolError,

        /// <summary>The request needs a feature the driver did not negotiate; nothing was sent (FF-DEV-4).</summary>
        Unsupported,
    }
}
