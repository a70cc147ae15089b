using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FsFreeze.Guest.Uml;

namespace FsFreeze.Demo
{
    /// <summary>
    /// The demo's rows measured through the real driver (issue 11's end to end): virtio_fsfreeze.ko in User-Mode
    /// Linux against the reference device, ext4, xfs and btrfs on ubd disks with busy writers; each run copies the
    /// images without the freeze, then freezes through the device, copies again and thaws
    /// (<see cref="SnapshotThroughDriver"/>). Needs the kernel and module of <c>make uml</c>; otherwise the note
    /// says why the rows are absent.
    /// </summary>
    internal static class UmlRows
    {
        /// <summary>The filesystem types of each run, mounted in this order.</summary>
        public static readonly string[] Types = ["ext4", "xfs", "btrfs"];

        /// <summary>Runs <paramref name="runs"/> guests, or explains why it cannot.</summary>
        public static RealKernelRows.Measured Measure(int runs)
        {
            string? reason = runs == 0
                ? "--uml-runs 0"
                : UmlEnvironment.Unavailable(UmlEnvironment.Module, ["dotnet", .. Types.Select(DiskImage.MkfsOf), "dumpe2fs", "xfs_db", "btrfs"]);
            if (reason is not null)
            {
                return new RealKernelRows.Measured([], $"C-driver rows are absent: {reason}");
            }

            var snapshots = new List<(SnapshotThroughDriver Snapshot, Dictionary<string, (string? Unfrozen, string? Frozen)> Problems)>();
            try
            {
                for (int r = 0; r < runs; r++)
                {
                    using var session = new DriverSession(UmlEnvironment.Module, Types);
                    SnapshotThroughDriver snapshot = SnapshotThroughDriver.Take(session);
                    var problems = snapshot.Copies.ToDictionary(
                        c => c.Disk.FsType,
                        c => (SnapshotCheck.Problem(c.Disk.FsType, c.UnfrozenCopy), SnapshotCheck.Problem(c.Disk.FsType, c.FrozenCopy)));
                    snapshots.Add((snapshot, problems));
                }
            }
            catch (Exception e) when (e is NUnit.Framework.ResultStateException or InvalidOperationException)
            {
                return new RealKernelRows.Measured([], $"C-driver rows are absent: a run failed: {e.Message.Split('\n')[0]}");
            }

            var rows = new List<string>();
            foreach (bool frozen in new[] { true, false })
            {
                foreach (string type in Types)
                {
                    string?[] problems = snapshots.Select(s => frozen ? s.Problems[type].Frozen : s.Problems[type].Unfrozen).ToArray();
                    string window = frozen
                        ? snapshots.Average(static s => s.Snapshot.FrozenWindow.TotalMilliseconds).ToString("F0", CultureInfo.InvariantCulture) + " (wall)"
                        : "n/a";
                    rows.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| {(frozen ? "fsfreeze" : "no-quiesce")} (C driver, UML) | {type} | {runs} | {Percent(problems, static p => p is null)} | {Percent(problems, static p => p is not null)} | n/a | n/a | n/a | {window} |"));
                }
            }

            string note = "Rows marked **(C driver, UML)** ran `guest-module/linux/virtio_fsfreeze.c` in a User-Mode Linux kernel against "
                + "the reference device over vhost-user (`make uml`): ext4, xfs and btrfs images on ubd disks, a marker file synced and one "
                + "busy writer per disk; the image files were copied on the host while the writers ran (no-quiesce), then again between the "
                + "FREEZE reply and the THAW (fsfreeze). A copy is clean when ext4's superblock has no needs_recovery (`dumpe2fs -h`), xfs "
                + "shows the marker file without log replay (`xfs_db -r`), btrfs passes `btrfs check --readonly`; otherwise it needs replay "
                + "or repair. The frozen window is wall time from FREEZE sent to THAW answered, three image copies included.";
            return new RealKernelRows.Measured(rows, note);
        }

        private static string Percent(string?[] problems, Func<string?, bool> predicate) =>
            (100.0 * problems.Count(predicate) / problems.Length).ToString("F0", CultureInfo.InvariantCulture) + "%";
    }
}
