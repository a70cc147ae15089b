using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Tests.Driver
{
    /// <summary>
    /// The driver's record of what it froze (spec "Security considerations": it thaws exactly that): a hold and the
    /// active reference behind it. The thaw tally is seen through the driver in <see cref="DriverBookkeepingTests"/>.
    /// </summary>
    public sealed class HeldSuperBlockTests
    {
        [Test]
        public void AHold_KeepsItsSuperblockAlive_PastAnUnmount_UntilReleased()
        {
            var world = new World();
            world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            SuperBlock data = world.MountDisk(FilesystemTypes.Ext4, "/data", 2);
            SuperBlockReference reference = world.Vfs.GrabSuperBlocksNewestFirst(sb => sb == data)[0];
            var hold = new HeldSuperBlock(reference);
            Assert.That(hold.SuperBlock, Is.SameAs(data));
            Assert.That(world.Call(world.Vfs.FreezeSuper(data, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));

            // notes §1.4: umount of a frozen superblock detaches the mount; the superblock stays, frozen.
            Assert.That(world.Vfs.Unmount("/data"), Is.EqualTo(Errno.None));
            Assert.That(data.Dying, Is.False);
            Assert.That(world.Vfs.SuperBlocks, Does.Contain(data));

            Assert.That(world.Call(world.Vfs.ThawSuper(data, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(data.Dying, Is.False, "the walk's reference still holds it");
            hold.Reference.Release();
            Assert.That(data.Dying, Is.True, "the last reference gone, it is shut down");
        }

        [Test]
        public void ReleasingAHoldTwice_DropsOneReference()
        {
            var world = new World();
            SuperBlock root = world.MountDisk(FilesystemTypes.Xfs, "/", 1);
            int before = root.ActiveReferences;
            var hold = new HeldSuperBlock(world.Vfs.GrabSuperBlocksNewestFirst()[0]);
            Assert.That(root.ActiveReferences, Is.EqualTo(before + 1));
            hold.Reference.Release();
            hold.Reference.Release();
            Assert.That(root.ActiveReferences, Is.EqualTo(before));
            Assert.That(hold.Reference.IsReleased, Is.True);
        }
    }
}
