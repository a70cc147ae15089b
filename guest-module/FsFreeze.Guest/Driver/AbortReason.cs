namespace FsFreeze.Guest.Driver
{
    /// <summary>Why a FREEZE in progress must stop and roll back.</summary>
    internal enum AbortReason
    {
        /// <summary>Carry on.</summary>
        None = 0,

        /// <summary>The request's deadline passed before the freeze completed (FF-DRV-14): reply DEADLINE.</summary>
        Deadline,

        /// <summary>The device needs a reset or the driver is being removed (FF-DRV-28): thaw, no reply is deliverable.</summary>
        DeviceGone,
    }
}
