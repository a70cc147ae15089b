using System.Collections.Generic;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Vfs
{
    public sealed partial class VirtualFileSystem
    {
        /// <summary>
        /// <c>->freeze_fs</c> by traits (notes §2). An injected failure returns before anything changes (ext4: a failed
        /// journal flush skips to unlock and keeps needs_recovery).
        /// </summary>
        private IEnumerable<Wait> FreezeFs(SuperBlock sb, Ref<Errno> error)
        {
            error.Value = sb.Faults.TakeFreezeFs();
            if (error.Value != Errno.None)
            {
                yield break;
            }

            if (sb.Journal is Journal journal)
            {
                // ext4_freeze: jbd2_journal_lock_updates (no handle can be open: every level is held), then
                // jbd2_journal_flush (commit and full checkpoint), clear needs_recovery, ext4_commit_super, unlock.
                // xfs_fs_freeze → xfs_log_quiesce: xfs_log_force (the CIL becomes a checkpoint in the log),
                // xfs_ail_push_all_sync (every logged change written in place), then xfs_log_cover, which commits the
                // superblock through the log and writes no unmount record (that is xfs_log_clean, at unmount only).
                journal.UpdatesLocked = true;
                if (journal.RunningUpdates > 0)
                {
                    journal.RunningUpdates = 0;
                    journal.Sequence++;
                    sb.Generation++;
                }

                journal.CommittedTransactions = 0;
                SimOperation<Errno> checkpoint = sb.Device!.Write(OnDiskLayout.Journal, 0);
                foreach (Wait wait in checkpoint)
                {
                    yield return wait;
                }

                // Nothing is left to replay either way; only ext4 clears the flag. The covered xfs log still lacks an
                // unmount record, so a mount of the copy runs (trivial) recovery (CoversLogOnFreeze).
                journal.NeedsRecovery = sb.Type.CoversLogOnFreeze;
                foreach (Wait wait in CommitSuper(sb, error))
                {
                    yield return wait;
                }

                journal.UpdatesLocked = false;
            }
            else if (sb.Type.CopyOnWrite)
            {
                // btrfs_freeze: BTRFS_FS_FROZEN, attach to the running transaction and commit it.
                sb.Generation++;
                sb.CommittedBlockMap = new Dictionary<PageKey, long>(sb.BlockMap);
                foreach (Wait wait in CommitSuper(sb, error))
                {
                    yield return wait;
                }

                sb.GenerationAtFreeze = sb.Generation;
            }
            else if (sb.Type.HasCleanFlag)
            {
                // ext2_freeze: mark the superblock valid (clean) and write it, so a snapshot needs no fsck.
                sb.NotClean = false;
                foreach (Wait wait in CommitSuper(sb, error))
                {
                    yield return wait;
                }
            }

            Scheduler.Log($"freeze_fs {sb}: {error.Value}");
        }

        /// <summary><c>->unfreeze_fs</c> by traits. An injected failure leaves the filesystem frozen (thaw_super keeps it COMPLETE).</summary>
        private IEnumerable<Wait> UnfreezeFs(SuperBlock sb, Ref<Errno> error)
        {
            error.Value = sb.Faults.TakeUnfreezeFs();
            if (error.Value != Errno.None)
            {
                yield break;
            }

            if (sb.Type.ChecksDeviceOnUnfreeze)
            {
                // btrfs_unfreeze → check_dev_super: the device superblock must still carry the generation we froze at.
                long? onDisk = sb.Device!.ReadPersistent(OnDiskLayout.SuperBlock);
                if (onDisk is null || OnDiskLayout.Generation(onDisk.Value) != sb.GenerationAtFreeze)
                {
                    error.Value = Errno.EUCLEAN;
                    yield break;
                }
            }

            if (sb.Journal is Journal journal && sb.Type.SetsNeedsRecoveryOnUnfreeze)
            {
                // ext4_unfreeze: set needs_recovery again and commit the superblock.
                journal.NeedsRecovery = true;
                foreach (Wait wait in CommitSuper(sb, error))
                {
                    yield return wait;
                }
            }
            else if (sb.Type.HasCleanFlag && sb.Type.HasFreezeFs)
            {
                // ext2_unfreeze: back in use, no longer clean.
                sb.NotClean = true;
                foreach (Wait wait in CommitSuper(sb, error))
                {
                    yield return wait;
                }
            }

            Scheduler.Log($"unfreeze_fs {sb}: {error.Value}");
        }
    }
}
