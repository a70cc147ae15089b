using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FsFreeze.Guest.Vfs;
using FsFreeze.RealKernel;
using FsFreeze.Systems;

namespace FsFreeze.Demo
{
    /// <summary>
    /// The demo's rows measured on this machine's kernel (issue 7's end to end, <see cref="RealSnapshotRun"/>): real
    /// ext4 and xfs images on loop devices, snapshotted through the device with the freeze and copied without it.
    /// They need root and loop devices; otherwise the note says why they are absent.
    /// </summary>
    internal static class RealKernelRows
    {
        /// <summary>The filesystem types measured.</summary>
        public static readonly string[] Types = ["ext4", "xfs"];

        /// <summary>Rows for the comparison table and the note under it.</summary>
        public sealed record Measured(IReadOnlyList<string> Rows, string Note);

        /// <summary>Runs <paramref name="runs"/> snapshots per type and mode, or explains why it cannot.</summary>
        public static Measured Measure(int runs)
        {
            string? reason = runs == 0 ? "--real-runs 0" : RealKernelSupport.Unavailable(Types);
            if (reason is not null)
            {
                return new Measured([], $"Real-kernel rows are absent: {reason}.");
            }

            var rows = new List<string>();
            foreach (RealSnapshotMode mode in Enum.GetValues<RealSnapshotMode>())
            {
                foreach (string type in Types)
                {
                    rows.Add(ModelRow(mode, type, runs));
                    RealSnapshotReport[] reports = Enumerable.Range(0, runs).Select(_ => RealSnapshotRun.Execute(type, mode)).ToArray();
                    CopyVerdict[] copies = reports.Select(static r => r.Copy).ToArray();
                    string window = mode == RealSnapshotMode.FsFreeze
                        ? reports.Average(static r => r.FrozenWindow.TotalMilliseconds).ToString("F1", CultureInfo.InvariantCulture) + " (wall)"
                        : "n/a";
                    rows.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| {Name(mode)} (real kernel) | {type} | {runs} | {Percent(copies, static c => c.CleanWithoutReplay)} | {Percent(copies, static c => c.NeedsRecovery)} | n/a | n/a | {copies.Sum(static c => c.FilesLost)} of {copies.Sum(static c => c.FilesWritten)} files | {window} |"));
                }
            }

            string note = "Rows marked **(real kernel)** were measured on this machine: a fresh loop-mounted image, "
                + $"{RealSnapshotRun.DefaultFiles} files written (write(2) returned, nothing synced), then either FREEZE through the reference device with "
                + "the driver model freezing the real filesystem (FIFREEZE) while the orchestrator copies the image file, or a plain copy. "
                + "The copy is attached read-only: \"clean without replay\" means the journal holds nothing to apply (ext4: `dumpe2fs -h` "
                + "says Journal start 0; xfs: `xfs_logprint -t` shows no logged item but superblock updates) and every file is present with "
                + "its content when mounted without journal replay (ext4 `ro`, or `ro,noload` when needs_recovery is set; xfs "
                + "`ro,norecovery`); \"needing replay\" is ext4's needs_recovery flag and, for xfs, a log without an unmount record (a "
                + "read-only device refuses the plain mount). A frozen xfs is both: xfs_fs_freeze covers the log (two superblock commits) "
                + "and writes no unmount record. Without a freeze nothing has reached the disk yet: ext4 set needs_recovery at mount, the "
                + "xfs log still ends in its unmount record (delayed logging keeps the transactions in memory). "
                + "Rows marked **(model of the real run)** are the model's prediction for the same scenario (one filesystem, writers that "
                + "never sync, seeds 1.., pages instead of files); `make real-kernel` asserts that model and kernel agree on needing replay, clean without replay and whether writes are lost. "
                + "The frozen window is wall-clock time from FREEZE sent to THAW answered, the copy included.";
            return new Measured(rows, note);
        }

        /// <summary>The model's prediction for the real run (<see cref="SyncFreeRun"/>), seeds 1 to <paramref name="runs"/>.</summary>
        private static string ModelRow(RealSnapshotMode mode, string type, int runs)
        {
            SnapshotMode modelled = mode == RealSnapshotMode.FsFreeze ? SnapshotMode.FsFreeze : SnapshotMode.NoQuiesce;
            FilesystemType fs = FilesystemTypes.Find(type) ?? throw new InvalidOperationException($"the model has no {type}");
            FilesystemVerdict[] v = Enumerable.Range(1, runs).Select(seed => SyncFreeRun.Predict(fs, modelled, (ulong)seed)).ToArray();
            return string.Create(CultureInfo.InvariantCulture,
                $"| {Name(mode)} (model of the real run) | {type} | {runs} | {Percent(v, static x => x.CleanWithoutReplay)} | {Percent(v, static x => x.NeedsReplay)} | {Percent(v, static x => !x.Consistent)} | {Percent(v, static x => x.NeedsFsck)} | {v.Sum(static x => x.LostPages)} of {v.Sum(static x => x.AckedPages)} | n/a |");
        }

        private static string Percent(FilesystemVerdict[] verdicts, Func<FilesystemVerdict, bool> predicate) =>
            (100.0 * verdicts.Count(predicate) / verdicts.Length).ToString("F0", CultureInfo.InvariantCulture) + "%";

        private static string Name(RealSnapshotMode mode) => mode == RealSnapshotMode.FsFreeze ? "fsfreeze" : "no-quiesce";

        private static string Percent(CopyVerdict[] copies, Func<CopyVerdict, bool> predicate) =>
            (100.0 * copies.Count(predicate) / copies.Length).ToString("F0", CultureInfo.InvariantCulture) + "%";
    }
}
