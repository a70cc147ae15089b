using System.Collections.Generic;
using FsFreeze.Guest.Filesystems;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Guest.Driver
{
    /// <summary>Which superblocks a FREEZE freezes: eligibility (FF-DRV-17) and SELECTIVE selectors (FF-DRV-18).</summary>
    internal static class SuperBlockSelection
    {
        /// <summary>
        /// Null when <paramref name="sb"/> is to be frozen; otherwise why it is skipped. A superblock no selector names
        /// is SKIPPED_NOT_SELECTED even if it could not be frozen anyway; one a selector names but that cannot be
        /// frozen is SKIPPED_UNFREEZABLE (the spec does not rank the two; this is the model's choice).
        /// </summary>
        public static EntryResult? Classify(IGuestFilesystems filesystems, IGuestSuperBlock sb, IReadOnlyList<Selector> selectors)
        {
            if (selectors.Count > 0 && !IsSelected(filesystems, sb, selectors))
            {
                return EntryResult.SkippedNotSelected;
            }

            return IsFreezable(sb) ? null : EntryResult.SkippedUnfreezable;
        }

        /// <summary>
        /// FF-DRV-17: a superblock on a block device (s_bdev) is frozen, with the generic freeze when its type has no
        /// freeze_fs (vfat: writers blocked and dirty data written back, notes §3); one without a block device
        /// (proc, sysfs, tmpfs, overlay, nfs, fuse) only when its type implements its own freeze.
        /// </summary>
        public static bool IsFreezable(IGuestSuperBlock sb) => sb.OnBlockDevice || sb.TypeHasOwnFreeze;

        /// <summary>FF-DRV-18: named by device number (s_dev) or by being the superblock of the mount at a path.</summary>
        private static bool IsSelected(IGuestFilesystems filesystems, IGuestSuperBlock sb, IReadOnlyList<Selector> selectors)
        {
            foreach (Selector selector in selectors)
            {
                bool match = selector.Kind switch
                {
                    SelectorKind.Device => selector.Major == sb.Dev.Major && selector.Minor == sb.Dev.Minor,
                    SelectorKind.MountPath => ReferenceEquals(filesystems.SuperBlockAt(selector.Path), sb),
                    _ => false,
                };
                if (match)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
