using System;
using System.IO;

namespace FsFreeze.Guest.Uml
{
    /// <summary>
    /// Checks an image copy on the host without mounting it (no loop device, no root needed): whether it needs
    /// journal or log recovery, and whether a file is in it.
    /// </summary>
    public static class SnapshotCheck
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

        /// <summary>
        /// Null when the copy is usable without recovery, else what is wrong: ext4 by the superblock's
        /// needs_recovery feature (dumpe2fs -h); xfs by whether /<paramref name="marker"/> is in the on-disk
        /// metadata read without log replay (xfs_db -r; a frozen xfs has pushed its log to disk and covered it, but
        /// keeps no unmount record, so xfs_repair -n always calls its log dirty); btrfs by
        /// <c>btrfs check --readonly</c>.
        /// </summary>
        public static string? Problem(string fsType, string image, string marker = "marker.txt")
        {
            switch (fsType)
            {
                case "ext4":
                    {
                        string header = HostCommand.Check("dumpe2fs", Timeout, "-h", image);
                        return header.Contains("needs_recovery", StringComparison.Ordinal) ? "ext4 needs_recovery set (journal replay needed)" : null;
                    }

                case "xfs":
                    {
                        string listing = HostCommand.Check("xfs_db", Timeout, "-r", "-c", "ls /", image);
                        return listing.Contains(marker, StringComparison.Ordinal) ? null : $"xfs: /{marker} is not on disk without log replay:\n{listing}";
                    }

                case "btrfs":
                    {
                        HostCommandResult r = HostCommand.Run("btrfs", Timeout, "check", "--readonly", image);
                        return r.ExitCode == 0 ? null : $"btrfs check exit {r.ExitCode}: {r.Output}";
                    }

                default:
                    throw new ArgumentException("no check for " + fsType, nameof(fsType));
            }
        }

        /// <summary>Whether the ext4 image holds /<paramref name="name"/> (debugfs, read-only, no journal replay).</summary>
        public static bool Ext4HasFile(string image, string name)
        {
            string listing = HostCommand.Check("debugfs", Timeout, "-R", "ls -l /", image);
            return listing.Contains(name, StringComparison.Ordinal);
        }

        /// <summary>A path for a copy of <paramref name="disk"/> next to it.</summary>
        public static string CopyPath(DiskImage disk, string label) =>
            Path.Combine(Path.GetDirectoryName(disk.Path)!, $"{Path.GetFileNameWithoutExtension(disk.Path)}-{label}.img");
    }
}
