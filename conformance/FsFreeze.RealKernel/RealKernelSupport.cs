using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace FsFreeze.RealKernel
{
    /// <summary>
    /// Whether this machine can run the real-kernel checks: Linux, root (CAP_SYS_ADMIN for FIFREEZE, mount and
    /// losetup), loop devices, the filesystem types in /proc/filesystems and their mkfs tools. The answer is a
    /// reason to skip with, or null.
    /// </summary>
    public static class RealKernelSupport
    {
        /// <summary>The tools every check uses.</summary>
        public static readonly string[] BaseTools = ["losetup", "mount", "umount", "cp"];

        /// <summary>Why the checks cannot run here for <paramref name="fsTypes"/>, or null when they can.</summary>
        public static string? Unavailable(params string[] fsTypes)
        {
            ArgumentNullException.ThrowIfNull(fsTypes);
            if (!OperatingSystem.IsLinux())
            {
                return "real-kernel checks need Linux";
            }

            if (!Environment.IsPrivilegedProcess)
            {
                return "real-kernel checks need root (FIFREEZE, mount and losetup need CAP_SYS_ADMIN); run `sudo make real-kernel`";
            }

            if (!File.Exists("/dev/loop-control"))
            {
                return "no loop devices (/dev/loop-control is missing; modprobe loop)";
            }

            string known = File.Exists("/proc/filesystems") ? File.ReadAllText("/proc/filesystems") : string.Empty;
            var tools = new List<string>(BaseTools);
            foreach (string type in fsTypes)
            {
                if (!known.Split('\n').Any(l => l.Trim().EndsWith(type, StringComparison.Ordinal) && l.Split('\t').Last().Trim() == type))
                {
                    return $"the kernel has no {type} (not in /proc/filesystems)";
                }

                tools.Add("mkfs." + type);
                if (type == "ext4")
                {
                    tools.Add("dumpe2fs");
                }
                else if (type == "xfs")
                {
                    tools.Add("xfs_logprint");
                }
            }

            string? missing = tools.FirstOrDefault(static t => Commands.Find(t) is null);
            return missing is null ? null : $"{missing} is not installed (Debian: e2fsprogs, xfsprogs, btrfs-progs, util-linux)";
        }
    }
}
