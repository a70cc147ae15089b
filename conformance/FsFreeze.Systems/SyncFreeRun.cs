using System;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Systems
{
    /// <summary>
    /// The model of the real-kernel end to end (FsFreeze.RealKernel): a VM with one filesystem whose applications
    /// write and never sync, snapshotted long before the kernel's periodic writeback (dirty_expire_centisecs, 30 s),
    /// the jbd2 commit interval (5 s) or the xfs log work (30 s) would write anything. Its verdict is the prediction
    /// the real copy is checked against, and the demo prints it next to the measured rows.
    /// </summary>
    public static class SyncFreeRun
    {
        /// <summary>The workload: writers only, no syncfs flusher.</summary>
        public static WorkloadOptions Options { get; } = new() { SyncfsFlusher = false };

        /// <summary>What a fresh mount of the copy of a <paramref name="type"/> disk finds after one seeded run in <paramref name="mode"/>.</summary>
        public static FilesystemVerdict Predict(FilesystemType type, SnapshotMode mode, ulong seed = 1)
        {
            ArgumentNullException.ThrowIfNull(type);
            return SnapshotRun.Execute(seed, mode, [type], Options).Filesystems[0];
        }
    }
}
