using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FsFreeze.RealKernel;

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
                    RealSnapshotReport[] reports = Enumerable.Range(0, runs).Select(_ => RealSnapshotRun.Execute(type, mode)).ToArray();
                    CopyVerdict[] copies = reports.Select(static r => r.Copy).ToArray();
                    string window = mode == RealSnapshotMode.FsFreeze
                        ? reports.Average(static r => r.FrozenWindow.TotalMilliseconds).ToString("F1", CultureInfo.InvariantCulture) + " (wall)"
                        : "n/a";
                    rows.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| {Name(mode)} (real kernel) | {type} | {runs} | {Percent(copies, static c => c.FilesLost == 0)} | {Percent(copies, static c => c.NeedsRecovery)} | n/a | n/a | {copies.Sum(static c => c.FilesLost)} of {copies.Sum(static c => c.FilesWritten)} files | {window} |"));
                }
            }

            string note = "Rows marked **(real kernel)** were measured on this machine: a fresh loop-mounted image, "
                + $"{RealSnapshotRun.DefaultFiles} files written (write(2) returned, nothing synced), then either FREEZE through the reference device with "
                + "the driver model freezing the real filesystem (FIFREEZE) while the orchestrator copies the image file, or a plain copy. "
                + "The copy is attached read-only: \"clean without replay\" means every file is present with its content when mounted without "
                + "journal replay (ext4 `ro`, or `ro,noload` when needs_recovery is set; xfs `ro,norecovery`); \"needing replay\" is ext4's "
                + "needs_recovery flag (`dumpe2fs -h`) and, for xfs, a dirty log (a read-only device refuses the plain mount). On this kernel a "
                + "frozen xfs keeps its covered log formally dirty although every file is written in place; the model calls that log clean. "
                + "The frozen window is wall-clock time from FREEZE sent to THAW answered, the copy included.";
            return new Measured(rows, note);
        }

        private static string Name(RealSnapshotMode mode) => mode == RealSnapshotMode.FsFreeze ? "fsfreeze" : "no-quiesce";

        private static string Percent(CopyVerdict[] copies, Func<CopyVerdict, bool> predicate) =>
            (100.0 * copies.Count(predicate) / copies.Length).ToString("F0", CultureInfo.InvariantCulture) + "%";
    }
}
