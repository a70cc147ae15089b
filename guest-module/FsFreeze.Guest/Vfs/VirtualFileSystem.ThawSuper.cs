using System.Collections.Generic;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Vfs
{
    public sealed partial class VirtualFileSystem
    {
        /// <summary>
        /// thaw_super(sb, who[, owner]) (thaw_super_locked, notes §1.4). EINVAL when not at SB_FREEZE_COMPLETE or when
        /// <paramref name="who"/> holds nothing. When other holds remain it drops this holder's count and still
        /// returns EINVAL (the error is never cleared on that path, 6.8+), so a caller that must know whether its
        /// hold went away compares <see cref="SuperBlock.KernelFreezeCount"/> or
        /// <see cref="SuperBlock.UserFreezeCount"/> before and after. The last hold: <c>->unfreeze_fs</c>, and if it
        /// fails the superblock stays frozen with the count restored and the error is returned; else SB_UNFROZEN,
        /// the level semaphores released (sleeping writers enter in the order they blocked) and the shared active
        /// reference dropped. Sleeps for s_umount and for the device writes of unfreeze_fs.
        /// </summary>
        public SimOperation<Errno> ThawSuper(SuperBlock sb, FreezeHolder who, object? owner = null) =>
            new($"thaw_super {sb} {who}", op => ThawBody(op, sb, who, owner));

        private IEnumerable<Wait> ThawBody(SimOperation<Errno> op, SuperBlock sb, FreezeHolder who, object? owner)
        {
            CallObserver?.Invoke(new FreezeCall(false, sb, who));
            if (!FreezeRules.IsValid(who, owner))
            {
                op.Complete(Errno.EINVAL);
                yield break;
            }

            foreach (Wait wait in sb.Umount.DownWrite())
            {
                yield return wait;
            }

            if (sb.Frozen != FreezeLevel.Complete || !FreezeRules.MayUnfreeze(sb, who, owner))
            {
                sb.Umount.UpWrite();
                Scheduler.Log($"thaw {sb} {who}: EINVAL (frozen={sb.Frozen} k={sb.KernelFreezeCount} u={sb.UserFreezeCount})");
                op.Complete(Errno.EINVAL);
                yield break;
            }

            if (FreezeRules.Decrement(sb, who) > 0)
            {
                sb.Umount.UpWrite();
                Scheduler.Log($"thaw {sb} {who}: hold dropped, still frozen k={sb.KernelFreezeCount} u={sb.UserFreezeCount}");
                op.Complete(Errno.EINVAL);
                yield break;
            }

            if (sb.ReadOnly)
            {
                sb.FreezeOwner = null;
                SetFrozen(sb, FreezeLevel.Unfrozen);
                DeactivateLocked(sb);
                op.Complete(Errno.None);
                yield break;
            }

            if (sb.Type.HasFreezeFs)
            {
                var error = new Ref<Errno>();
                foreach (Wait wait in UnfreezeFs(sb, error))
                {
                    yield return wait;
                }

                if (error.Value != Errno.None)
                {
                    Scheduler.Log("VFS: Filesystem thaw failed");
                    FreezeRules.Increment(sb, who, owner);
                    sb.Umount.UpWrite();
                    op.Complete(error.Value);
                    yield break;
                }
            }

            sb.FreezeOwner = null;
            SetFrozen(sb, FreezeLevel.Unfrozen);

            // sb_freeze_unlock(sb, SB_FREEZE_FS): release rw_sem[2], [1], [0].
            for (int level = 2; level >= 0; level--)
            {
                sb.Level(level).UpWrite();
            }

            DeactivateLocked(sb);
            op.Complete(Errno.None);
        }
    }
}
