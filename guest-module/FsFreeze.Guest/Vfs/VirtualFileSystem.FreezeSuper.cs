using System.Collections.Generic;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Vfs
{
    public sealed partial class VirtualFileSystem
    {
        /// <summary>
        /// freeze_super(sb, who[, owner]) (fs/super.c, notes §1.3): block writers level by level, sync, call
        /// <c>->freeze_fs</c>, reach SB_FREEZE_COMPLETE. Returns <see cref="Errno.None"/>, EBUSY (a second non-nesting
        /// freeze by the same holder type), EINVAL (dying superblock, malformed holder), or the sync/freeze_fs error
        /// after unwinding to SB_UNFROZEN. Sleeps while writers drain and while another freeze is part way.
        /// </summary>
        public SimOperation<Errno> FreezeSuper(SuperBlock sb, FreezeHolder who, object? owner = null) =>
            new($"freeze_super {sb} {who}", op => FreezeBody(op, sb, who, owner));

        private IEnumerable<Wait> FreezeBody(SimOperation<Errno> op, SuperBlock sb, FreezeHolder who, object? owner)
        {
            CallObserver?.Invoke(new FreezeCall(true, sb, who));
            if (!FreezeRules.IsValid(who, owner))
            {
                op.Complete(Errno.EINVAL);
                yield break;
            }

            // Step 1: an active reference and s_umount exclusive; a dying superblock cannot be frozen.
            sb.ActiveReferences++;
            foreach (Wait wait in sb.Umount.DownWrite())
            {
                yield return wait;
            }

            while (true)
            {
                if (sb.Dying)
                {
                    DeactivateLocked(sb);
                    op.Complete(Errno.EINVAL);
                    yield break;
                }

                // Step 2: already frozen. All freezers share one active reference, so the new one is dropped either way.
                if (sb.Frozen == FreezeLevel.Complete)
                {
                    bool may = FreezeRules.MayFreeze(sb, who);
                    if (may)
                    {
                        FreezeRules.Increment(sb, who, owner);
                    }

                    DeactivateLocked(sb);
                    Scheduler.Log($"freeze {sb} {who}: {(may ? "shared" : "EBUSY")} k={sb.KernelFreezeCount} u={sb.UserFreezeCount}");
                    op.Complete(may ? Errno.None : Errno.EBUSY);
                    yield break;
                }

                // Step 3: another freeze is part way: wait_for_partially_frozen drops s_umount, waits, retries.
                if (sb.Frozen == FreezeLevel.Unfrozen)
                {
                    break;
                }

                sb.Umount.UpWrite();
                yield return sb.FrozenChanged;
                foreach (Wait wait in sb.Umount.DownWrite())
                {
                    yield return wait;
                }
            }

            if (!FreezeRules.MayFreeze(sb, who))
            {
                DeactivateLocked(sb);
                op.Complete(Errno.EBUSY);
                yield break;
            }

            // Step 5: read-only fast path: counted and COMPLETE at once; no sync, no freeze_fs, no rwsem taken.
            if (sb.ReadOnly)
            {
                FreezeRules.Increment(sb, who, owner);
                SetFrozen(sb, FreezeLevel.Complete);
                sb.Umount.UpWrite();
                op.Complete(Errno.None);
                yield break;
            }

            // Step 6: SB_FREEZE_WRITE. s_umount is dropped while waiting (order sb_start_write -> s_umount).
            SetFrozen(sb, FreezeLevel.Write);
            sb.Umount.UpWrite();
            foreach (Wait wait in sb.Level(0).DownWrite())
            {
                yield return wait;
            }

            foreach (Wait wait in sb.Umount.DownWrite())
            {
                yield return wait;
            }

            // Step 7: SB_FREEZE_PAGEFAULT, then sync_filesystem: all writers are out, so no dirty data remains after it.
            SetFrozen(sb, FreezeLevel.PageFault);
            foreach (Wait wait in sb.Level(1).DownWrite())
            {
                yield return wait;
            }

            SimOperation<Errno> sync = SyncFilesystem(sb);
            foreach (Wait wait in sync)
            {
                yield return wait;
            }

            if (sync.Result != Errno.None)
            {
                Unwind(sb, levelsHeld: 2);
                op.Complete(sync.Result);
                yield break;
            }

            // Step 8: SB_FREEZE_FS: wait for internal writers (transactions, eviction).
            SetFrozen(sb, FreezeLevel.Fs);
            foreach (Wait wait in sb.Level(2).DownWrite())
            {
                yield return wait;
            }

            // Step 9: ->freeze_fs if the type has one; without it the freeze still succeeds (vfat, notes §3).
            if (sb.Type.HasFreezeFs)
            {
                var error = new Ref<Errno>();
                foreach (Wait wait in FreezeFs(sb, error))
                {
                    yield return wait;
                }

                if (error.Value != Errno.None)
                {
                    Scheduler.Log("VFS:Filesystem freeze failed");
                    Unwind(sb, levelsHeld: 3);
                    op.Complete(error.Value);
                    yield break;
                }
            }

            // Step 10: count the holder, COMPLETE, wake waiters; the level semaphores stay held until the thaw.
            FreezeRules.Increment(sb, who, owner);
            SetFrozen(sb, FreezeLevel.Complete);
            sb.Umount.UpWrite();
            op.Complete(Errno.None);
        }

        /// <summary>Sets <c>s_writers.frozen</c> and wakes whoever waits for it to change (wake_up_var).</summary>
        private void SetFrozen(SuperBlock sb, FreezeLevel level)
        {
            sb.Frozen = level;
            Scheduler.Log($"{sb} frozen={level} k={sb.KernelFreezeCount} u={sb.UserFreezeCount}");
            sb.FrozenChanged.WakeAll();
        }

        /// <summary>A failed freeze: back to SB_UNFROZEN, release the levels taken (highest first), wake, drop the reference.</summary>
        private void Unwind(SuperBlock sb, int levelsHeld)
        {
            SetFrozen(sb, FreezeLevel.Unfrozen);
            for (int level = levelsHeld - 1; level >= 0; level--)
            {
                sb.Level(level).UpWrite();
            }

            DeactivateLocked(sb);
        }

        /// <summary>deactivate_locked_super: release s_umount and drop an active reference.</summary>
        private void DeactivateLocked(SuperBlock sb)
        {
            sb.Umount.UpWrite();
            Deactivate(sb);
        }
    }
}
