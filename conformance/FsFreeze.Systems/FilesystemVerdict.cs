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
        /// <summary>A journal replay is needed before the image can be used (the seed's benefit 1 and 4 are about avoiding this).</summary>
        public bool NeedsReplay => Image.NeedsRecovery;

        /// <summary>No half-done in-place metadata update (the seed's benefit 3 for non-journaled filesystems).</summary>
        public bool Consistent => Image.Consistent;

        /// <summary>A non-journaled type's clean bit is unset in the image (ext2 s_state, the FAT dirty bit): a mount forces fsck.</summary>
        public bool NeedsFsck => (Image.Flags & OnDiskFlags.NotClean) != 0;

        /// <summary>Mountable read-only as is: consistent and no replay needed.</summary>
        public bool CleanWithoutReplay => Consistent && !NeedsReplay;
    }
}
