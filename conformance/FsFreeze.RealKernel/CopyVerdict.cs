namespace FsFreeze.RealKernel
{
    /// <summary>What a copied image shows when examined as a fresh, read-only mount would see it.</summary>
    /// <param name="NeedsRecovery">
    /// ext4: <c>dumpe2fs -h</c> lists needs_recovery. xfs: the log is dirty, so a read-only mount of a read-only
    /// device is refused ("recovery required on read-only device").
    /// </param>
    /// <param name="MountedWith">The mount options the file count was taken with (ext4: ro, or ro,noload when it needs recovery; xfs: ro,norecovery,nouuid).</param>
    /// <param name="FilesWritten">Files written (and acknowledged by write(2)) before the freeze reply, or before the copy.</param>
    /// <param name="FilesPresent">Of those, the ones present in the copy with their full content.</param>
    /// <param name="Detail">The evidence: the features line or mount message, and the journal's state.</param>
    /// <param name="NothingToReplay">
    /// The journal holds nothing a replay would apply to the filesystem. ext4: <c>dumpe2fs -h</c> says
    /// "Journal start: 0". xfs: <c>xfs_logprint -t</c> shows no logged item between tail and head but superblock
    /// buffers (the records xfs_log_cover writes on freeze only re-log the superblock).
    /// </param>
    public sealed record CopyVerdict(bool NeedsRecovery, string MountedWith, int FilesWritten, int FilesPresent, string Detail, bool NothingToReplay)
    {
        /// <summary>Files written before the cut point and missing (or short) in the copy.</summary>
        public int FilesLost => FilesWritten - FilesPresent;

        /// <summary>
        /// Consistent and complete read without journal replay: nothing is left in the journal to apply, the mount
        /// without replay (<see cref="MountedWith"/>) worked and every file is there with its content. Whether a plain mount would run recovery is <see cref="NeedsRecovery"/>.
        /// </summary>
        public bool CleanWithoutReplay => NothingToReplay && FilesLost == 0;
    }
}
