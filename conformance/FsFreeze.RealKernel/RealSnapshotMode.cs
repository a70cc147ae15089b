namespace FsFreeze.RealKernel
{
    /// <summary>How a real-kernel snapshot is taken.</summary>
    public enum RealSnapshotMode
    {
        /// <summary>FREEZE through the device, the driver freezes the real filesystem, the orchestrator copies, THAW.</summary>
        FsFreeze,

        /// <summary>The image is copied while mounted, with no freeze at all.</summary>
        NoQuiesce,
    }
}
