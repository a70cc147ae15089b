using System.Collections.Generic;
using System.Linq;
using FsFreeze.Guest.Filesystems;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Vfs
{
    /// <content>
    /// The model as the driver's <see cref="IGuestFilesystems"/>: the same walk, freeze_super and thaw_super the
    /// rest of the model uses, reached through the interface. A superblock that is not a model superblock (one of
    /// another backend) is refused with EINVAL rather than cast blindly.
    /// </content>
    public sealed partial class VirtualFileSystem
    {
        /// <inheritdoc />
        IReadOnlyList<ISuperBlockReference> IGuestFilesystems.GrabSuperBlocksNewestFirst() => GrabSuperBlocksNewestFirst();

        /// <inheritdoc />
        IGuestSuperBlock? IGuestFilesystems.SuperBlockAt(string mountPath) => FindMount(mountPath)?.SuperBlock;

        /// <inheritdoc />
        SimOperation<Errno> IGuestFilesystems.FreezeSuper(IGuestSuperBlock superBlock, FreezeHolder who) =>
            Owned(superBlock) is { } sb ? FreezeSuper(sb, who) : Refused("freeze_super");

        /// <inheritdoc />
        SimOperation<Errno> IGuestFilesystems.ThawSuper(IGuestSuperBlock superBlock, FreezeHolder who) =>
            Owned(superBlock) is { } sb ? ThawSuper(sb, who) : Refused("thaw_super");

        /// <inheritdoc />
        int IGuestFilesystems.FreezeCount(IGuestSuperBlock superBlock, FreezeHolder who)
        {
            if (Owned(superBlock) is not { } sb)
            {
                return 0;
            }

            return (who & FreezeHolder.Kernel) != 0 ? sb.KernelFreezeCount : sb.UserFreezeCount;
        }

        private static SuperBlock? Owned(IGuestSuperBlock superBlock) => superBlock as SuperBlock;

        private static SimOperation<Errno> Refused(string call) => new(call + " (not this VFS)", static op => Refuse(op));

        private static IEnumerable<Wait> Refuse(SimOperation<Errno> op)
        {
            op.Complete(Errno.EINVAL);
            return Enumerable.Empty<Wait>();
        }
    }
}
