using System;
using FsFreeze.Device.Snapshot;

namespace FsFreeze.RealKernel
{
    /// <summary>One real-kernel snapshot: how it was taken, what the orchestrator reported, and what the copy shows.</summary>
    /// <param name="FsType">ext4 or xfs.</param>
    /// <param name="Mode">With or without the freeze.</param>
    /// <param name="Snapshot">The orchestrator's result (null without the freeze: no orchestrator ran).</param>
    /// <param name="Copy">The examination of the copied image.</param>
    /// <param name="FrozenWindow">Wall-clock time of the whole snapshot, FREEZE sent to THAW answered, the copy included (zero without the freeze).</param>
    /// <param name="BackendCalls">The backend's FIFREEZE/FITHAW calls, in order.</param>
    public sealed record RealSnapshotReport(string FsType, RealSnapshotMode Mode, SnapshotResult? Snapshot, CopyVerdict Copy, TimeSpan FrozenWindow, string[] BackendCalls);
}
