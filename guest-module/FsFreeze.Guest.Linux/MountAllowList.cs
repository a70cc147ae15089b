using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace FsFreeze.Guest.Linux
{
    /// <summary>
    /// The mount points the real backend may ever freeze (the safety rule of DESIGN.md: only loop-mounted images a
    /// test created itself). Paths are compared exactly, after making them absolute and dropping a trailing slash;
    /// a mount below an allowed mount point is not allowed. "/" can never be allowed: a frozen root hangs the machine.
    /// </summary>
    public sealed class MountAllowList
    {
        private readonly HashSet<string> paths;

        /// <summary>Allows exactly <paramref name="mountPoints"/>.</summary>
        /// <exception cref="ArgumentException">A path is empty, relative after expansion, or the root.</exception>
        public MountAllowList(IEnumerable<string> mountPoints)
        {
            ArgumentNullException.ThrowIfNull(mountPoints);
            paths = new HashSet<string>(StringComparer.Ordinal);
            foreach (string mountPoint in mountPoints)
            {
                if (string.IsNullOrWhiteSpace(mountPoint))
                {
                    throw new ArgumentException("an allowed mount point is empty", nameof(mountPoints));
                }

                string normal = Normalize(mountPoint);
                if (normal == "/")
                {
                    throw new ArgumentException("the root filesystem can never be allowed", nameof(mountPoints));
                }

                paths.Add(normal);
            }
        }

        /// <summary>The allowed mount points, sorted.</summary>
        public IReadOnlyList<string> MountPoints => paths.OrderBy(static p => p, StringComparer.Ordinal).ToArray();

        /// <summary>True when <paramref name="mountPoint"/> is exactly one of the allowed mount points.</summary>
        public bool Allows(string mountPoint) => mountPoint is not null && paths.Contains(Normalize(mountPoint));

        private static string Normalize(string path)
        {
            string full = Path.GetFullPath(path);
            return full.Length > 1 ? full.TrimEnd('/') : full;
        }
    }
}
