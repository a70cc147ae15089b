using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>
    /// The holder rules of fs/super.c one case at a time (6.8+ counts, 6.16+ exclusive owner; notes §1.3 step 2,
    /// §1.4): which holder values are well formed, when a freeze may share or nest, and who may drop which hold.
    /// </summary>
    public sealed class HolderRuleTests
    {
        [TestCase(FreezeHolder.None, false)]
        [TestCase(FreezeHolder.MayNest, false)]
        [TestCase(FreezeHolder.Exclusive, true)]
        [TestCase(FreezeHolder.Kernel | FreezeHolder.Exclusive | FreezeHolder.MayNest, true)]
        [TestCase(FreezeHolder.Kernel | FreezeHolder.Exclusive, false)]
        [TestCase(FreezeHolder.Kernel, true)]
        [TestCase(FreezeHolder.Userspace | FreezeHolder.MayNest, true)]
        public void MalformedHolderOrOwner_IsEinval_ForFreezeAndThaw(FreezeHolder who, bool withOwner)
        {
            // No holder bit, EXCL without KERNEL or with MAY_NEST, EXCL without an owner, an owner without EXCL.
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            int active = sb.ActiveReferences;
            object? owner = withOwner ? new object() : null;
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, who, owner)), Is.EqualTo(Errno.EINVAL));
            Assert.That((sb.Frozen, sb.KernelFreezeCount, sb.UserFreezeCount, sb.ActiveReferences), Is.EqualTo((FreezeLevel.Unfrozen, 0, 0, active)));

            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, who, owner)), Is.EqualTo(Errno.EINVAL));
            Assert.That((sb.Frozen, sb.KernelFreezeCount), Is.EqualTo((FreezeLevel.Complete, 1)), "a malformed thaw drops nothing");
        }

        [Test]
        public void UserspaceMayNest_CountsEachFreeze_AndTheLastThawThaws()
        {
            // bdev_freeze freezes as USERSPACE|MAY_NEST: one hold per block-device freeze (notes §1.6).
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            FreezeHolder nest = FreezeHolder.Userspace | FreezeHolder.MayNest;
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, nest)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, nest)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.IoctlFreeze("/")), Is.EqualTo(Errno.EBUSY), "FIFREEZE does not nest");
            Assert.That((sb.UserFreezeCount, sb.KernelFreezeCount), Is.EqualTo((2, 0)));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, nest)), Is.EqualTo(Errno.EINVAL), "a hold remains");
            Assert.That((sb.UserFreezeCount, sb.Frozen), Is.EqualTo((1, FreezeLevel.Complete)));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL), "the kernel holds nothing");
            Assert.That(sb.UserFreezeCount, Is.EqualTo(1));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, nest)), Is.EqualTo(Errno.None));
            Assert.That((sb.UserFreezeCount, sb.Frozen), Is.EqualTo((0, FreezeLevel.Unfrozen)));
        }

        [Test]
        public void ExclusiveFreeze_OfAnAlreadyFrozenSuperBlock_SharesAndClaimsIt()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            object owner = new();
            FreezeHolder excl = FreezeHolder.Kernel | FreezeHolder.Exclusive;
            Assert.That(world.Call(world.Vfs.IoctlFreeze("/")), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, excl, owner)), Is.EqualTo(Errno.None));
            Assert.That((sb.KernelFreezeCount, sb.UserFreezeCount, sb.FreezeOwner), Is.EqualTo((1, 1, owner)));

            // The last kernel count belongs to the owner: a plain kernel thaw may not take it.
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL));
            Assert.That((sb.KernelFreezeCount, sb.FreezeOwner), Is.EqualTo((1, owner)));

            // The owner's thaw while another hold remains drops its count and gives up the claim.
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, excl, owner)), Is.EqualTo(Errno.EINVAL));
            Assert.That((sb.KernelFreezeCount, sb.UserFreezeCount, sb.FreezeOwner, sb.Frozen), Is.EqualTo((0, 1, (object?)null, FreezeLevel.Complete)));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, excl, owner)), Is.EqualTo(Errno.EINVAL), "the owner holds nothing now");
            Assert.That(world.Call(world.Vfs.IoctlThaw("/")), Is.EqualTo(Errno.None));
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.Unfrozen));
        }

        [Test]
        public void PlainKernelThaw_MayDropANestedCount_ButNeverTheOwnersLastOne()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            object owner = new();
            FreezeHolder excl = FreezeHolder.Kernel | FreezeHolder.Exclusive;
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, excl, owner)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EBUSY));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel | FreezeHolder.MayNest)), Is.EqualTo(Errno.None));
            Assert.That(sb.KernelFreezeCount, Is.EqualTo(2));

            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL), "one count dropped, one remains");
            Assert.That((sb.KernelFreezeCount, sb.FreezeOwner), Is.EqualTo((1, owner)));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL));
            Assert.That(sb.KernelFreezeCount, Is.EqualTo(1), "the owner's count stays");
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, excl, owner)), Is.EqualTo(Errno.None));
            Assert.That((sb.Frozen, sb.FreezeOwner), Is.EqualTo((FreezeLevel.Unfrozen, (object?)null)));
        }

        [Test]
        public void AfterTheOwnersThaw_AnotherOwnerMayFreezeExclusively()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            FreezeHolder excl = FreezeHolder.Kernel | FreezeHolder.Exclusive;
            object first = new();
            object second = new();
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, excl, first)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, excl, first)), Is.EqualTo(Errno.None));
            Assert.That(sb.FreezeOwner, Is.Null);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, excl, second)), Is.EqualTo(Errno.None));
            Assert.That(sb.FreezeOwner, Is.SameAs(second));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, excl, second)), Is.EqualTo(Errno.None));
        }

        [Test]
        public void ReadOnlySuperBlock_ExclusiveFreezeAndThaw_KeepsAndDropsTheSharedReference()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/ro", 1, new MountOptions { ReadOnly = true });
            int active = sb.ActiveReferences;
            FreezeHolder excl = FreezeHolder.Kernel | FreezeHolder.Exclusive;
            object first = new();
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, excl, first)), Is.EqualTo(Errno.None));
            Assert.That((sb.KernelFreezeCount, sb.FreezeOwner, sb.ActiveReferences), Is.EqualTo((1, first, active + 1)));
            Assert.That(world.Call(world.Vfs.IoctlFreeze("/ro")), Is.EqualTo(Errno.None), "a read-only superblock shares its freeze too");
            Assert.That(world.Call(world.Vfs.IoctlThaw("/ro")), Is.EqualTo(Errno.EINVAL), "one hold remains");
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, excl, first)), Is.EqualTo(Errno.None));
            Assert.That((sb.Frozen, sb.FreezeOwner, sb.ActiveReferences), Is.EqualTo((FreezeLevel.Unfrozen, (object?)null, active)));
            object second = new();
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, excl, second)), Is.EqualTo(Errno.None), "the claim went with the thaw");
        }

        [Test]
        public void FailedUnfreeze_OfAnExclusiveFreeze_KeepsTheOwnersHold()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            FreezeHolder excl = FreezeHolder.Kernel | FreezeHolder.Exclusive;
            object owner = new();
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, excl, owner)), Is.EqualTo(Errno.None));
            sb.Faults.FailUnfreezeFs(Errno.EIO);
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, excl, owner)), Is.EqualTo(Errno.EIO));
            Assert.That((sb.Frozen, sb.KernelFreezeCount, sb.FreezeOwner), Is.EqualTo((FreezeLevel.Complete, 1, owner)));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL), "still the owner's");
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, excl, owner)), Is.EqualTo(Errno.None));
        }

        [Test]
        public void FailedUnfreeze_OfAUserspaceFreeze_RestoresTheUserspaceCount()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            Assert.That(world.Call(world.Vfs.IoctlFreeze("/")), Is.EqualTo(Errno.None));
            sb.Faults.FailUnfreezeFs(Errno.EIO);
            Assert.That(world.Call(world.Vfs.IoctlThaw("/")), Is.EqualTo(Errno.EIO));
            Assert.That((sb.UserFreezeCount, sb.KernelFreezeCount, sb.Frozen), Is.EqualTo((1, 0, FreezeLevel.Complete)));
            Assert.That(world.Call(world.Vfs.IoctlThaw("/")), Is.EqualTo(Errno.None));
        }

        [Test]
        public void ASecondFreeze_WaitsForSUmount_WhileTheFirstSyncs()
        {
            var world = new World();
            var backend = new ScriptedBackend();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16, backend);
            SuperBlock sb = world.Vfs.Mount(FilesystemTypes.Ext4, disk, "/").Mount!.SuperBlock;
            Assert.That(world.Call(world.Vfs.Write("/a", 0, 1)), Is.EqualTo(Errno.None));
            backend.Close();
            SimOperation<Errno> first = world.Start(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel));
            world.Scheduler.Run();
            SimOperation<Errno> second = world.Start(world.Vfs.FreezeSuper(sb, FreezeHolder.Userspace));
            world.Scheduler.Run();
            Assert.That((first.IsDone, second.IsDone), Is.EqualTo((false, false)));
            backend.Open();
            world.Scheduler.Run();
            Assert.That((first.Result, second.Result, sb.KernelFreezeCount, sb.UserFreezeCount), Is.EqualTo((Errno.None, Errno.None, 1, 1)));
        }
    }
}
