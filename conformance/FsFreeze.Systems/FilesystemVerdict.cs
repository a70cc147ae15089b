using FsFreeze.Guest.Vfs;

namespace FsFreeze.Systems
{
    /// <summary>What a fresh mount of one filesystem's copied image would find.</summary>
    /// <param name="Type">The filesystem type.</param>
    /// <param name="Image">The image decoded from the host's copy (never from the live disk).</param>
    /// <param name="AckedPages">Pages with a write acknowledged before the snapshot's cut point.</param>
    /// <param name="LostPages">Of those, pages whose last acknowledged value the image misses (dirty cache not written back).</param>
    public sealed record FilesystemVerdict(FilesystemType Type, OnDiskImage Image, int AckedPages, int LostPages)
    {
        /// <summary>
        /// A mount of the image would run journal recovery (the seed's benefits 1 and 4 are about avoiding this): the
        /// on-disk flag (ext4 needs_recovery, a dirty xfs log) or transactions waiting in the journal. A frozen xfs
        /// sets it with nothing to replay (<see cref="FilesystemType.CoversLogOnFreeze"/>).
        /// </summary>
        public bool NeedsReplay => Image.NeedsRecovery;

        /// <summary>No half-done in-place metadata update (the seed's benefit 3 for non-journaled filesystems).</summary>
        public bool Consistent => Image.Consistent;

        /// <summary>A non-journaled type's clean bit is unset in the image (ext2 s_state, the FAT dirty bit): a mount forces fsck.</summary>
        public bool NeedsFsck => (Image.Flags & OnDiskFlags.NotClean) != 0;

        /// <summary>
        /// Read without journal replay (ext4 <c>noload</c>, xfs <c>norecovery</c>) the image is consistent and complete:
        /// no half-done update, no committed transaction only in the journal, and every write acknowledged before the
        /// cut point present. The same definition as the real-kernel rows' file check; whether a plain mount would
        /// still run recovery is <see cref="NeedsReplay"/>.
        /// </summary>
        public bool CleanWithoutReplay => Image.ReadableWithoutReplay && LostPages == 0;
    }
}
