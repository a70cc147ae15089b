using System;
using System.Collections.Generic;
using FsFreeze.Device.Host;
using FsFreeze.Guest.Vfs;
using FsFreeze.Systems;

namespace FsFreeze.Conformance.EndToEnd
{
    /// <summary>(Folder System/, namespace EndToEnd: a namespace named System would hide the BCL.) Helpers for the end-to-end tests: build a seeded VM, run host operations to completion.</summary>
    internal static class SystemRuns
    {
        /// <summary>The filesystem types of the seed: journaled (ext4, xfs), copy-on-write (btrfs), non-journaled (ext2, vfat).</summary>
        public static readonly FilesystemType[] SeedTypes = [FilesystemTypes.Ext4, FilesystemTypes.Xfs, FilesystemTypes.Btrfs, FilesystemTypes.Ext2, FilesystemTypes.Vfat];

        /// <summary>A VM with every seed type, seeded from the suite's seed (printed by every failure message).</summary>
        public static FsFreezeSystem Vm(ulong seed, bool loadDriver = true, IReadOnlyList<FilesystemType>? types = null) =>
            new(new SystemOptions { Seed = seed, LoadDriver = loadDriver, Filesystems = types ?? SeedTypes });

        /// <summary>Runs the simulation until <paramref name="operation"/> completes; fails with the seed if it never does.</summary>
        public static HostResult Complete(FsFreezeSystem vm, HostOperation operation)
        {
            vm.Scheduler.RunUntil(() => operation.IsCompleted);
            Assert.That(operation.IsCompleted, Is.True, $"{operation} never completed (seed {vm.Options.Seed})");
            return operation.Result;
        }

        /// <summary>The failure-message suffix every assertion carries, so a failure can be replayed.</summary>
        public static string Replay(ulong seed, string test) => $"seed {seed}; replay: {Framework.Seeds.ReplayCommand(test, seed)}";

        /// <summary>How long, in virtual time, until <paramref name="at"/>.</summary>
        public static TimeSpan Until(FsFreezeSystem vm, TimeSpan at) => at - vm.Scheduler.Clock.Now;
    }
}
