using System.Collections.Generic;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Linux.MountInfo
{
    /// <summary>
    /// One line of /proc/PID/mountinfo (proc(5), Documentation/filesystems/proc.rst §3.5), paths unescaped:
    /// <c>36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue</c>.
    /// </summary>
    /// <param name="MountId">Field 1: the mount's unique ID (may be reused after an unmount).</param>
    /// <param name="ParentId">Field 2: the parent mount's ID.</param>
    /// <param name="Dev">Field 3: <c>st_dev</c> of files on this filesystem, major:minor; the superblock's identity.</param>
    /// <param name="Root">Field 4: the directory of the filesystem that forms this mount's root (not "/" for a bind of a subdirectory).</param>
    /// <param name="MountPoint">Field 5: the mount point, relative to the process's root.</param>
    /// <param name="MountOptions">Field 6: per-mount options (ro/rw here is the mount's, not the superblock's).</param>
    /// <param name="OptionalFields">Zero or more "tag[:value]" fields, up to the " - " separator (shared:N, master:N, ...).</param>
    /// <param name="FsType">The filesystem type, "type" or "type.subtype".</param>
    /// <param name="Source">The mount source, for example /dev/loop3, or "none".</param>
    /// <param name="SuperOptions">Per-superblock options; "ro" here means SB_RDONLY.</param>
    public sealed record MountInfoEntry(
        int MountId,
        int ParentId,
        DeviceNumber Dev,
        string Root,
        string MountPoint,
        IReadOnlyList<string> MountOptions,
        IReadOnlyList<string> OptionalFields,
        string FsType,
        string Source,
        IReadOnlyList<string> SuperOptions)
    {
        /// <summary>The superblock is read-only (SB_RDONLY): "ro" among the super options.</summary>
        public bool SuperReadOnly => Contains(SuperOptions, "ro");

        /// <summary>This mount is read-only (MNT_READONLY): "ro" among the mount options.</summary>
        public bool MountReadOnly => Contains(MountOptions, "ro");

        private static bool Contains(IReadOnlyList<string> options, string option)
        {
            foreach (string o in options)
            {
                if (o == option)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
