namespace FsFreeze.Guest.Driver
{
    /// <summary>The FREEZE or THAW being carried out, if any; at most one at a time (FF-DRV-9).</summary>
    public enum DriverOperation
    {
        /// <summary>Nothing in progress.</summary>
        None = 0,

        /// <summary>A FREEZE (notice, walk, freezes, rollback) is running: STATUS reports FREEZING (FF-DRV-10).</summary>
        Freezing,

        /// <summary>A THAW, auto-thaw, reset or removal thaw is running: STATUS reports THAWING.</summary>
        Thawing,
    }
}
