using System.Collections.Generic;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Vfs
{
    public sealed partial class VirtualFileSystem
    {
        /// <summary>
        /// syncfs(2), also what the periodic writeback flusher amounts to in the model: sync_filesystem under
        /// <c>s_umount</c> shared, so it never interleaves with the parts of freeze_super that hold it exclusive. A
        /// superblock frozen to SB_FREEZE_COMPLETE has nothing to write (no writer could dirty it) and its
        /// <c>->sync_fs</c> commits nothing (btrfs_sync_fs skips the commit when frozen), so the call returns at once.
        /// </summary>
        public SimOperation<Errno> Syncfs(SuperBlock sb) => new($"syncfs {sb}", op => SyncfsBody(op, sb));

        private IEnumerable<Wait> SyncfsBody(SimOperation<Errno> op, SuperBlock sb)
        {
            foreach (Wait wait in sb.Umount.DownRead())
            {
                yield return wait;
            }

            if (sb.Dying || sb.Frozen == FreezeLevel.Complete)
            {
                sb.Umount.UpRead();
                op.Complete(Errno.None);
                yield break;
            }

            SimOperation<Errno> sync = SyncFilesystem(sb);
            foreach (Wait wait in sync)
            {
                yield return wait;
            }

            sb.Umount.UpRead();
            op.Complete(sync.Result);
        }
    }
}
