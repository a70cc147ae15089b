namespace FsFreeze.Guest.Driver
{
    /// <summary>Where the driver is in its life with the device.</summary>
    public enum DriverPhase
    {
        /// <summary>Not probed yet.</summary>
        Unbound = 0,

        /// <summary>DRIVER_OK set, serving requests.</summary>
        Ready,

        /// <summary>Probe failed: FAILED set, nothing will be frozen (FF-DRV-7).</summary>
        Failed,

        /// <summary>DEVICE_NEEDS_RESET seen: thawing and reinitialising (FF-DRV-28).</summary>
        Resetting,

        /// <summary>Removed: everything thawed and the device reset.</summary>
        Removed,
    }
}
