using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Guest.Tests.Driver
{
    /// <summary>Which superblocks a FREEZE freezes (FF-DRV-17 eligibility, FF-DRV-18 selectors), below the protocol.</summary>
    public sealed class SuperBlockSelectionTests
    {
        [Test]
        public void BlockBacked_IsFreezable_WithOrWithoutItsOwnFreezeFs()
        {
            var world = new World();
            Assert.Multiple(() =>
            {
                Assert.That(SuperBlockSelection.IsFreezable(world.MountDisk(FilesystemTypes.Ext4, "/", 1)), Is.True);
                Assert.That(SuperBlockSelection.IsFreezable(world.MountDisk(FilesystemTypes.Vfat, "/boot", 2)), Is.True, "generic freeze (notes §3)");
                Assert.That(SuperBlockSelection.IsFreezable(world.MountDisk(FilesystemTypes.Btrfs, "/data", 3)), Is.True, "anonymous s_dev, but s_bdev");
            });
        }

        [Test]
        public void PseudoNetworkAndFuse_AreNotFreezable()
        {
            var world = new World();
            foreach (FilesystemType type in new[] { FilesystemTypes.Proc, FilesystemTypes.Sysfs, FilesystemTypes.Tmpfs, FilesystemTypes.Overlay, FilesystemTypes.Nfs, FilesystemTypes.Fuse })
            {
                SuperBlock sb = world.MountPseudo(type, "/" + type.Name);
                Assert.That(SuperBlockSelection.IsFreezable(sb), Is.False, type.Name);
                Assert.That(SuperBlockSelection.Classify(world.Vfs, sb, []), Is.EqualTo(EntryResult.SkippedUnfreezable), type.Name);
            }
        }

        [Test]
        public void WithoutSelectors_EveryFreezableOneIsFrozen()
        {
            var world = new World();
            SuperBlock root = world.MountDisk(FilesystemTypes.Xfs, "/", 1);
            Assert.That(SuperBlockSelection.Classify(world.Vfs, root, []), Is.Null);
        }

        [Test]
        public void DeviceSelector_NamesOnlyThatDevice()
        {
            var world = new World();
            SuperBlock a = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            SuperBlock b = world.MountDisk(FilesystemTypes.Ext4, "/b", 2);
            Selector[] selectors = [Selector.Device(253, 2)];
            Assert.Multiple(() =>
            {
                Assert.That(SuperBlockSelection.Classify(world.Vfs, a, selectors), Is.EqualTo(EntryResult.SkippedNotSelected));
                Assert.That(SuperBlockSelection.Classify(world.Vfs, b, selectors), Is.Null);
            });
        }

        [Test]
        public void MountPathSelector_NamesTheSuperblockBehindABindMount()
        {
            var world = new World();
            SuperBlock root = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            SuperBlock other = world.MountDisk(FilesystemTypes.Ext4, "/other", 2);
            world.Vfs.BindMount("/srv", "/bound");
            Selector[] selectors = [Selector.MountPath("/bound")];
            Assert.Multiple(() =>
            {
                Assert.That(SuperBlockSelection.Classify(world.Vfs, root, selectors), Is.Null, "a bind mount shows the root superblock");
                Assert.That(SuperBlockSelection.Classify(world.Vfs, other, selectors), Is.EqualTo(EntryResult.SkippedNotSelected));
            });
        }

        [Test]
        public void SelectedButUnfreezable_IsSkippedUnfreezable_AndUnselectedWins()
        {
            var world = new World();
            SuperBlock proc = world.MountPseudo(FilesystemTypes.Proc, "/proc");
            Assert.Multiple(() =>
            {
                Assert.That(SuperBlockSelection.Classify(world.Vfs, proc, [Selector.MountPath("/proc")]), Is.EqualTo(EntryResult.SkippedUnfreezable));
                Assert.That(SuperBlockSelection.Classify(world.Vfs, proc, [Selector.MountPath("/nowhere")]), Is.EqualTo(EntryResult.SkippedNotSelected), "the model's ranking of the two");
            });
        }
    }
}
