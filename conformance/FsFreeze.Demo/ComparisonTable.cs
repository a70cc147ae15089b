using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using FsFreeze.Guest.Vfs;
using FsFreeze.Systems;

namespace FsFreeze.Demo
{
    /// <summary>Runs the seeded comparison and renders it as markdown: mode by filesystem type.</summary>
    internal static class ComparisonTable
    {
        /// <summary>The filesystem types the seed names: journaled, copy-on-write, and non-journaled.</summary>
        public static readonly FilesystemType[] Types = [FilesystemTypes.Ext4, FilesystemTypes.Xfs, FilesystemTypes.Btrfs, FilesystemTypes.Ext2, FilesystemTypes.Vfat];

        /// <summary>Run <c>r</c> of mode <c>m</c> uses seed <c>seed + r</c>: the three modes see the same workload seeds.</summary>
        /// <param name="seed">The first workload seed.</param>
        /// <param name="runs">Runs per mode.</param>
        /// <param name="realRows">Rows measured on the real kernel, appended to the same table (see <see cref="RealKernelRows"/>).</param>
        /// <param name="umlRows">Rows measured through the C driver under User-Mode Linux (see <see cref="UmlRows"/>).</param>
        public static string Render(ulong seed, int runs, RealKernelRows.Measured? realRows = null, RealKernelRows.Measured? umlRows = null)
        {
            var rows = new List<string>();
            foreach (SnapshotMode mode in Enum.GetValues<SnapshotMode>())
            {
                var reports = new List<SnapshotRunReport>();
                for (int r = 0; r < runs; r++)
                {
                    reports.Add(SnapshotRun.Execute(seed + (ulong)r, mode, Types));
                }

                for (int t = 0; t < Types.Length; t++)
                {
                    FilesystemVerdict[] v = reports.Select(x => x.Filesystems[t]).ToArray();
                    string frozen = mode == SnapshotMode.FsFreeze
                        ? reports.Average(static x => x.FrozenTime.TotalMilliseconds).ToString("F1", CultureInfo.InvariantCulture)
                        : "n/a";
                    rows.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| {Name(mode)} | {Types[t].Name} | {v.Length} | {Percent(v, static x => x.CleanWithoutReplay)} | {Percent(v, static x => x.NeedsReplay)} | {Percent(v, static x => !x.Consistent)} | {Percent(v, static x => x.NeedsFsck)} | {v.Sum(static x => x.LostPages)} of {v.Sum(static x => x.AckedPages)} | {frozen} |"));
                }
            }

            var text = new StringBuilder();
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"## Snapshot outcomes by mode and filesystem type (seed {seed}, {runs} runs each)"));
            text.AppendLine();
            text.AppendLine("| mode | filesystem | runs | % clean without replay | % needing replay | % inconsistent | % clean bit unset (fsck) | acknowledged writes lost (pages) | mean frozen window (virtual ms) |");
            text.AppendLine("|---|---|---|---|---|---|---|---|---|");
            foreach (string row in rows.Concat(realRows?.Rows ?? []).Concat(umlRows?.Rows ?? []))
            {
                text.AppendLine(row);
            }

            text.AppendLine();
            text.AppendLine("Columns: **clean without replay** = read without journal replay (ext4 `noload`, xfs `norecovery`) the image is "
                + "consistent and complete: no half-done update, nothing committed only in the journal, every acknowledged write present; "
                + "**needing replay** = a plain mount would run journal recovery (ext4's needs_recovery flag, an xfs log without an unmount "
                + "record at its head, or transactions waiting in the journal), so a read-only device refuses it; a frozen xfs is both "
                + "clean without replay and flagged, because xfs_fs_freeze covers its log (nothing left to replay) without writing an "
                + "unmount record; **inconsistent** = an in-place, non-journaled image caught mid-update; **clean bit unset** = ext2/FAT "
                + "not marked clean, so a mount forces fsck.");
            text.AppendLine();
            text.AppendLine("Modes: **fsfreeze** = FREEZE through virtio-fsfreeze, then block+drain I/O, copy, THAW (QUIESCED); "
                + "**io-block-only** = no driver loaded, the host only blocks and drains block I/O (IO_BLOCK_ONLY/NO_DRIVER); "
                + "**no-quiesce** = the images are copied while the guest keeps writing. "
                + "In these model rows applications also run syncfs every few virtual milliseconds, so journals are forced often "
                + "(an xfs log is dirty without a freeze); the rows marked (model of the real run) have nobody syncing, like the real runs. "
                + "\"Lost\" counts pages whose last write acknowledged before the cut point (the FREEZE reply, else the snapshot's start) is missing from the copied image.");
            foreach (RealKernelRows.Measured? measured in new[] { realRows, umlRows })
            {
                if (measured is not null)
                {
                    text.AppendLine();
                    text.AppendLine(measured.Note);
                }
            }

            return text.ToString();
        }

        private static string Name(SnapshotMode mode) => mode switch
        {
            SnapshotMode.FsFreeze => "fsfreeze",
            SnapshotMode.IoBlockOnly => "io-block-only",
            _ => "no-quiesce",
        };

        private static string Percent(FilesystemVerdict[] verdicts, Func<FilesystemVerdict, bool> predicate) =>
            (100.0 * verdicts.Count(predicate) / verdicts.Length).ToString("F0", CultureInfo.InvariantCulture) + "%";
    }
}
