using System;

namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// <c>enum freeze_holder</c> (include/linux/fs.h, 6.8+; EXCL from 6.16). A call passes exactly one of
    /// <see cref="Kernel"/> or <see cref="Userspace"/>, optionally with <see cref="MayNest"/> or (kernel only)
    /// <see cref="Exclusive"/>.
    /// </summary>
    [Flags]
    public enum FreezeHolder
    {
        /// <summary>No holder; never valid alone.</summary>
        None = 0,

        /// <summary>FREEZE_HOLDER_KERNEL: counted in <c>freeze_kcount</c>. The guest driver's holder.</summary>
        Kernel = 1 << 0,

        /// <summary>FREEZE_HOLDER_USERSPACE: counted in <c>freeze_ucount</c>. FIFREEZE and block-device freezes.</summary>
        Userspace = 1 << 1,

        /// <summary>FREEZE_MAY_NEST: the holder may freeze again while it already holds (bdev_freeze through several devices).</summary>
        MayNest = 1 << 2,

        /// <summary>FREEZE_EXCL (6.16+): kernel holder with an owner token; only the owner may thaw its count.</summary>
        Exclusive = 1 << 3,
    }
}
