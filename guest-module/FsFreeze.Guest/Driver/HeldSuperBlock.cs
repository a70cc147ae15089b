using FsFreeze.Guest.Filesystems;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Driver
{
    /// <summary>
    /// A superblock the driver froze with the KERNEL holder, and the active reference taken during the walk that
    /// keeps it alive until the thaw (notes §1.7: deactivate_super after thaw). The driver thaws exactly these
    /// (spec "Security considerations": it records what it froze and thaws exactly that).
    /// </summary>
    internal sealed class HeldSuperBlock
    {
        public HeldSuperBlock(ISuperBlockReference reference)
        {
            Reference = reference;
        }

        public ISuperBlockReference Reference { get; }

        public IGuestSuperBlock SuperBlock => Reference.SuperBlock;
    }
}
