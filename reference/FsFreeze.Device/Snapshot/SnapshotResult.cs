using System;
using System.Collections.Generic;
using FsFreeze.Device.Host;

namespace FsFreeze.Device.Snapshot
{
    /// <summary>What a snapshot did (FF-HOST-4 to FF-HOST-6).</summary>
    public sealed record SnapshotResult
    {
        /// <summary>QUIESCED or IO_BLOCK_ONLY.</summary>
        public SnapshotPath Path { get; init; }

        /// <summary>Why IO_BLOCK_ONLY; <see cref="SnapshotFallbackReason.None"/> when QUIESCED.</summary>
        public SnapshotFallbackReason Reason { get; init; }

        /// <summary>The FREEZE's result, or null when no driver was present and none was sent.</summary>
        public HostResult? FreezeResult { get; init; }

        /// <summary>The THAW's result, or null when none was sent (the guest did not report FROZEN).</summary>
        public HostResult? ThawResult { get; init; }

        /// <summary>The images, one per disk in the order given; empty when the disks never drained.</summary>
        public IReadOnlyList<DiskCopy> Copies { get; init; } = [];

        /// <summary>True when the disks did not drain within the timeout: no image was copied (an error path).</summary>
        public bool DrainTimedOut { get; init; }

        /// <summary>FF-HOST-6: the guest thawed (AUTO_THAWED, a report of THAWED, or its deadline) before the copy completed.</summary>
        public bool GuestThawedBeforeCopyCompleted { get; init; }

        /// <summary>Virtual time the guest held the freeze this snapshot asked for (0 when it never reported FROZEN).</summary>
        public TimeSpan FrozenTime { get; init; }
    }
}
