using System.Collections.Generic;

namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// What a host-side snapshot of the disks taken now would hold for one superblock, decoded: the file data that
    /// is on disk, what applications wrote that is not, and the state a mount of the snapshot would find.
    /// </summary>
    /// <param name="SuperBlock">The superblock described.</param>
    /// <param name="HasDevice">False for pseudo and network filesystems: there is no disk image (tmpfs lives in RAM).</param>
    /// <param name="Data">Each file page on disk with its value (copy-on-write types: as of the last commit).</param>
    /// <param name="NotOnDisk">Pages applications wrote whose latest value the snapshot would miss (dirty, or written after the last commit).</param>
    /// <param name="Flags">The on-disk superblock state.</param>
    /// <param name="JournalTransactions">Committed transactions a mount would replay.</param>
    /// <param name="Generation">The on-disk generation.</param>
    public sealed record OnDiskImage(
        SuperBlock SuperBlock,
        bool HasDevice,
        IReadOnlyDictionary<PageKey, long> Data,
        IReadOnlyList<PageKey> NotOnDisk,
        OnDiskFlags Flags,
        int JournalTransactions,
        long Generation)
    {
        /// <summary>A journal replay is needed before the image can be used.</summary>
        public bool NeedsRecovery => (Flags & OnDiskFlags.NeedsRecovery) != 0 || JournalTransactions > 0;

        /// <summary>Consistent, possibly after the journal replay or forced fsck a mount would do: no half-done in-place update.</summary>
        public bool Consistent => (Flags & OnDiskFlags.MidUpdate) == 0;

        /// <summary>Mountable as is: consistent, no replay, clean flag set, and nothing written by applications missing.</summary>
        public bool Quiesced => Consistent && !NeedsRecovery && (Flags & OnDiskFlags.NotClean) == 0 && NotOnDisk.Count == 0;
    }
}
