using System.Collections.Generic;

namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// Failures to inject into one superblock's callbacks. Each armed failure is returned by the next call(s) of that
    /// callback, in arming order; an unarmed callback succeeds.
    /// </summary>
    public sealed class FaultInjection
    {
        private readonly Queue<Errno> sync = new();
        private readonly Queue<Errno> freezeFs = new();
        private readonly Queue<Errno> unfreezeFs = new();

        /// <summary>The next <paramref name="times"/> sync_filesystem calls fail with <paramref name="error"/> (writeback error).</summary>
        public void FailSync(Errno error, int times = 1) => Arm(sync, error, times);

        /// <summary>The next <paramref name="times"/> <c>->freeze_fs</c> calls fail with <paramref name="error"/> before changing anything.</summary>
        public void FailFreezeFs(Errno error, int times = 1) => Arm(freezeFs, error, times);

        /// <summary>The next <paramref name="times"/> <c>->unfreeze_fs</c> calls fail with <paramref name="error"/>.</summary>
        public void FailUnfreezeFs(Errno error, int times = 1) => Arm(unfreezeFs, error, times);

        internal Errno TakeSync() => Take(sync);

        internal Errno TakeFreezeFs() => Take(freezeFs);

        internal Errno TakeUnfreezeFs() => Take(unfreezeFs);

        private static void Arm(Queue<Errno> queue, Errno error, int times)
        {
            for (int i = 0; i < times; i++)
            {
                queue.Enqueue(error);
            }
        }

        private static Errno Take(Queue<Errno> queue) => queue.TryDequeue(out Errno error) ? error : Errno.None;
    }
}
