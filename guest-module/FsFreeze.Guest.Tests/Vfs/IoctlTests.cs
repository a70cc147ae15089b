using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>
    /// FIFREEZE and FITHAW (fs/ioctl.c ioctl_fsfreeze, ioctl_fsthaw; notes §1.5): the capability check comes first,
    /// only FIFREEZE asks for <c>->freeze_fs</c>, and both act on the superblock behind any path inside the mount.
    /// </summary>
    public sealed class IoctlTests
    {
        [Test]
        public void CapabilityIsCheckedBeforeTheFreezeOperation()
        {
            var world = new World();
            world.MountDisk(FilesystemTypes.Vfat, "/boot/efi", 2);
            Assert.That(world.Call(world.Vfs.IoctlFreeze("/boot/efi", capSysAdmin: false)), Is.EqualTo(Errno.EPERM));
            Assert.That(world.Call(world.Vfs.IoctlFreeze("/boot/efi")), Is.EqualTo(Errno.EOPNOTSUPP));
        }

        [Test]
        public void Fithaw_NeedsNoFreezeOperation_ItThawsAUserspaceHoldOrAnswersEinval()
        {
            // A vfat superblock frozen by the kernel's generic freeze: FITHAW reaches thaw_super, which finds no
            // userspace hold (EINVAL), not EOPNOTSUPP.
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Vfat, "/boot/efi", 2);
            Assert.That(world.Call(world.Vfs.IoctlThaw("/boot/efi")), Is.EqualTo(Errno.EINVAL));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Userspace)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.IoctlThaw("/boot/efi/EFI")), Is.EqualTo(Errno.None));
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.Unfrozen));
        }

        [Test]
        public void Fifreeze_OnAnyPathInsideTheMount_FreezesItsSuperBlock_AsUserspace()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Xfs, "/data", 1);
            Assert.That(world.Call(world.Vfs.IoctlFreeze("/data/db")), Is.EqualTo(Errno.None));
            Assert.That((sb.Frozen, sb.UserFreezeCount, sb.KernelFreezeCount), Is.EqualTo((FreezeLevel.Complete, 1, 0)));
            Assert.That(world.Call(world.Vfs.IoctlThaw("/data/db/x")), Is.EqualTo(Errno.None));
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.Unfrozen));
        }
    }
}
