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
        /// <summary>
        /// A mount would run journal recovery: the on-disk flag says so (ext4 needs_recovery, an xfs log without an
        /// unmount record at its head) or committed transactions wait in the journal. A read-only device refuses such
        /// a mount unless recovery is skipped (ext4 <c>noload</c>, xfs <c>norecovery</c>).
        /// </summary>
        public bool NeedsRecovery => (Flags & OnDiskFlags.NeedsRecovery) != 0 || JournalTransactions > 0;

        /// <summary>Consistent, possibly after the journal replay or forced fsck a mount would do: no half-done in-place update.</summary>
        public bool Consistent => (Flags & OnDiskFlags.MidUpdate) == 0;

        /// <summary>
        /// Read without journal replay (ext4 <c>noload</c>, xfs <c>norecovery</c>) the image is the filesystem's
        /// committed state: consistent, and no committed transaction is only in the journal. A frozen xfs copy is
        /// this although <see cref="NeedsRecovery"/> holds: its covered log has nothing left to apply.
        /// </summary>
        public bool ReadableWithoutReplay => Consistent && JournalTransactions == 0;

        /// <summary>
        /// Everything is in place: readable without replay, clean flag set, nothing written by applications missing.
        /// The recovery flag may still be set (a frozen xfs, <see cref="FilesystemType.CoversLogOnFreeze"/>).
        /// </summary>
        public bool Quiesced => ReadableWithoutReplay && (Flags & OnDiskFlags.NotClean) == 0 && NotOnDisk.Count == 0;
    }
}
