using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>Kernel and userspace holders, counts and their errors (notes §1.3 step 2, §1.4, §1.5).</summary>
    public sealed class HolderTests
    {
        [Test]
        public void SecondFifreeze_IsEbusy_AlsoThroughABindMount()
        {
            var world = new World();
            world.MountDisk(FilesystemTypes.Ext4, "/data", 1);
            Assert.That(world.Vfs.BindMount("/data/www", "/srv").Error, Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.IoctlFreeze("/data")), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.IoctlFreeze("/data")), Is.EqualTo(Errno.EBUSY));
            Assert.That(world.Call(world.Vfs.IoctlFreeze("/srv")), Is.EqualTo(Errno.EBUSY));
            Assert.That(world.Call(world.Vfs.IoctlThaw("/srv")), Is.EqualTo(Errno.None));
        }

        [Test]
        public void ThawOfAThawedSuperBlock_IsEinval_ForBothHolders()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Xfs, "/", 1);
            Assert.That(world.Call(world.Vfs.IoctlThaw("/")), Is.EqualTo(Errno.EINVAL));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL));
        }

        [Test]
        public void KernelAndUserspaceHolds_Coexist_AndEachThawDropsOnlyItsOwn()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            int active = sb.ActiveReferences;
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.IoctlFreeze("/")), Is.EqualTo(Errno.None), "a userspace freeze shares a kernel one");
            Assert.That((sb.KernelFreezeCount, sb.UserFreezeCount), Is.EqualTo((1, 1)));
            Assert.That(sb.ActiveReferences, Is.EqualTo(active + 1), "all freezers share one active reference");

            // The kernel thaw drops its count; another hold remains, so thaw_super returns EINVAL and stays frozen.
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL));
            Assert.That((sb.KernelFreezeCount, sb.UserFreezeCount, sb.Frozen), Is.EqualTo((0, 1, FreezeLevel.Complete)));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL), "the kernel holds nothing now");
            Assert.That(sb.UserFreezeCount, Is.EqualTo(1));

            Assert.That(world.Call(world.Vfs.IoctlThaw("/")), Is.EqualTo(Errno.None));
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.Unfrozen));
            Assert.That(sb.ActiveReferences, Is.EqualTo(active));
        }

        [Test]
        public void FithawWhenOnlyTheKernelHolds_IsEinval_AndKeepsTheKernelHold()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.IoctlThaw("/")), Is.EqualTo(Errno.EINVAL));
            Assert.That((sb.KernelFreezeCount, sb.Frozen), Is.EqualTo((1, FreezeLevel.Complete)));
        }

        [Test]
        public void SecondKernelFreeze_IsEbusy_UnlessMayNest()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EBUSY));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel | FreezeHolder.MayNest)), Is.EqualTo(Errno.None));
            Assert.That(sb.KernelFreezeCount, Is.EqualTo(2));
        }

        [Test]
        public void ExclusiveOwner_OnlyTheOwnerThawsTheLastKernelCount()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            object owner = new();
            FreezeHolder excl = FreezeHolder.Kernel | FreezeHolder.Exclusive;
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, excl, owner)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, excl, new object())), Is.EqualTo(Errno.EBUSY));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, excl, new object())), Is.EqualTo(Errno.EINVAL));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, excl, owner)), Is.EqualTo(Errno.None));
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.Unfrozen));
        }

        [Test]
        public void MalformedHolder_IsEinval()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel | FreezeHolder.Userspace)), Is.EqualTo(Errno.EINVAL));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Userspace | FreezeHolder.Exclusive, new object())), Is.EqualTo(Errno.EINVAL));
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.Unfrozen));
        }

        [Test]
        public void Ioctls_NeedCapSysAdmin_AndAMount()
        {
            var world = new World();
            world.MountDisk(FilesystemTypes.Ext4, "/data", 1);
            Assert.That(world.Call(world.Vfs.IoctlFreeze("/data", capSysAdmin: false)), Is.EqualTo(Errno.EPERM));
            Assert.That(world.Call(world.Vfs.IoctlThaw("/data", capSysAdmin: false)), Is.EqualTo(Errno.EPERM));
            Assert.That(world.Call(world.Vfs.IoctlFreeze("/nowhere")), Is.EqualTo(Errno.ENOENT));
        }

        [Test]
        public void FrozenSuperBlock_SurvivesUnmount_UntilThawed_ThenDyingIsEinval()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/data", 1);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(world.Vfs.Unmount("/data"), Is.EqualTo(Errno.None));
            Assert.That(world.Vfs.SuperBlocks, Does.Contain(sb), "the freezers' active reference keeps it alive");
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(sb.Dying, Is.True);
            Assert.That(world.Vfs.SuperBlocks, Does.Not.Contain(sb));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL));
        }
    }
}
