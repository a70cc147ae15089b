using System;
using System.Collections.Generic;
using FsFreeze.Device.Snapshot;
using FsFreeze.Simulation;

namespace FsFreeze.Systems
{
    /// <summary>One seeded run: a workload, one snapshot taken in <paramref name="Mode"/>, and what its images hold.</summary>
    /// <param name="Seed">Replays the run.</param>
    /// <param name="Mode">How the snapshot was taken.</param>
    /// <param name="Snapshot">The orchestrator's result, or null for <see cref="SnapshotMode.NoQuiesce"/>.</param>
    /// <param name="Cut">Writes acknowledged before this virtual time must be in the image: the FREEZE reply's arrival when quiesced, else the snapshot's start.</param>
    /// <param name="Filesystems">The verdict per filesystem, in system order.</param>
    /// <param name="Run">How the simulation ended (Completed for a healthy run).</param>
    public sealed record SnapshotRunReport(ulong Seed, SnapshotMode Mode, SnapshotResult? Snapshot, TimeSpan Cut, IReadOnlyList<FilesystemVerdict> Filesystems, RunResult Run)
    {
        /// <summary>Virtual time the guest held its filesystems frozen (zero unless quiesced).</summary>
        public TimeSpan FrozenTime => Snapshot?.FrozenTime ?? TimeSpan.Zero;
    }
}
