using System;
using System.Collections.Generic;

namespace FsFreeze.Guest.Vfs
{
    public sealed partial class VirtualFileSystem
    {
        /// <summary>
        /// Walks the global list newest first (SUPER_ITER_REVERSE), visiting each superblock once however many mounts
        /// show it, skipping ones not SB_BORN or SB_DYING, and takes an active reference on each that
        /// <paramref name="filter"/> accepts and whose <c>s_active</c> is not zero (atomic_inc_not_zero). Freezing
        /// inside the walk would take s_umount under the walk's shared hold and deadlock, so callers freeze the
        /// returned list afterwards (notes §1.7).
        /// </summary>
        public IReadOnlyList<SuperBlockReference> GrabSuperBlocksNewestFirst(Func<SuperBlock, bool>? filter = null)
        {
            var grabbed = new List<SuperBlockReference>();
            for (int i = superBlocks.Count - 1; i >= 0; i--)
            {
                SuperBlock sb = superBlocks[i];
                if (!sb.Born || sb.Dying || sb.ActiveReferences == 0 || (filter is not null && !filter(sb)))
                {
                    continue;
                }

                sb.ActiveReferences++;
                grabbed.Add(new SuperBlockReference(this, sb));
            }

            return grabbed;
        }
    }
}
