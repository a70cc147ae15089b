using System;

namespace FsFreeze.Systems
{
    /// <summary>The shape of a seeded workload and of the snapshot taken during it.</summary>
    public sealed record WorkloadOptions
    {
        /// <summary>Concurrent writer tasks per filesystem, each writing its own file.</summary>
        public int WritersPerFilesystem { get; init; } = 6;

        /// <summary>Pages each writer's file has.</summary>
        public int PagesPerWriter { get; init; } = 2;

        /// <summary>Longest pause between one writer's writes.</summary>
        public TimeSpan MaxThinkTime { get; init; } = TimeSpan.FromMilliseconds(1);

        /// <summary>
        /// Whether a flusher per filesystem runs syncfs now and then (true), standing for applications that sync and for
        /// the kernel's periodic writeback and journal commits squeezed into a short virtual run. False models a
        /// guest whose writes all sit in memory: no sync, and the run far shorter than dirty_expire_centisecs (30 s),
        /// the jbd2 commit interval (5 s) and the xfs log work (30 s), as in the real-kernel end to end.
        /// </summary>
        public bool SyncfsFlusher { get; init; } = true;

        /// <summary>Longest pause between the writeback flusher's syncfs passes on one filesystem.</summary>
        public TimeSpan MaxFlushInterval { get; init; } = TimeSpan.FromMilliseconds(4);

        /// <summary>The snapshot starts at a seeded time in [<see cref="MinWarmUp"/>, <see cref="MaxWarmUp"/>).</summary>
        public TimeSpan MinWarmUp { get; init; } = TimeSpan.FromMilliseconds(20);

        /// <summary>See <see cref="MinWarmUp"/>.</summary>
        public TimeSpan MaxWarmUp { get; init; } = TimeSpan.FromMilliseconds(120);

        /// <summary>Virtual time the image copy takes.</summary>
        public TimeSpan CopyDuration { get; init; } = TimeSpan.FromMilliseconds(200);

        /// <summary>Bytes copied at a time when nothing is quiesced (the copy races the guest).</summary>
        public int UnquiescedCopyChunk { get; init; } = 4096;

        /// <summary>Step budget of one run.</summary>
        public int MaxSteps { get; init; } = 20_000_000;
    }
}
