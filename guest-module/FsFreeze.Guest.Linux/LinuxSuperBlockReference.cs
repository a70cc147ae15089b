using FsFreeze.Guest.Filesystems;

namespace FsFreeze.Guest.Linux
{
    /// <summary>
    /// The walk's reference on a real superblock. Userspace cannot take <c>s_active</c>; what keeps a frozen
    /// superblock alive in the kernel is the freeze itself (freeze_super keeps an active reference until the last
    /// thaw), so this reference is the driver's bookkeeping only.
    /// </summary>
    internal sealed class LinuxSuperBlockReference : ISuperBlockReference
    {
        public LinuxSuperBlockReference(LinuxSuperBlock superBlock)
        {
            SuperBlock = superBlock;
        }

        public IGuestSuperBlock SuperBlock { get; }

        public bool IsReleased { get; private set; }

        public void Release() => IsReleased = true;
    }
}
