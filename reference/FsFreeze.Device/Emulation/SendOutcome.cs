namespace FsFreeze.Device.Emulation
{
    /// <summary>What became of a request the host asked the device to send.</summary>
    public enum SendOutcome
    {
        /// <summary>The request was written into a requestq buffer and the buffer used; it now awaits its reply.</summary>
        Sent,

        /// <summary>
        /// No cooperating driver (FF-DEV-6, FF-HOST-1): not DRIVER_OK, DEVICE_NEEDS_RESET or FAILED, no request
        /// buffer posted, or the posted buffer broke FF-DRV-2/FF-DRV-3 (the device then set DEVICE_NEEDS_RESET).
        /// </summary>
        NoDriver,

        /// <summary>A FREEZE or THAW (or, for a STATUS, another STATUS) already awaits its reply (FF-DEV-8).</summary>
        Busy,

        /// <summary>The request needs a feature the driver did not negotiate (FF-DEV-4): nothing was sent.</summary>
        Unsupported,
    }
}
