using FsFreeze.Simulation;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>Injected failures: freeze unwinds fully (notes §1.3 steps 7, 9); a failed unfreeze stays frozen (§1.4).</summary>
    public sealed class FaultTests
    {
        [Test]
        public void FreezeFsFailure_UnwindsToUnfrozen_AndReleasesEverything()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            int active = sb.ActiveReferences;
            sb.Faults.FailFreezeFs(Errno.EIO);

            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EIO));
            Assert.That((sb.Frozen, sb.KernelFreezeCount, sb.ActiveReferences), Is.EqualTo((FreezeLevel.Unfrozen, 0, active)));
            Assert.That(world.Events("VFS:Filesystem freeze failed"), Has.Length.EqualTo(1));
            Assert.That(world.Call(world.Vfs.Write("/a", 0, 1)), Is.EqualTo(Errno.None), "every level was released");
            Assert.That(world.Call(world.Vfs.InternalWrite(sb, 0, 1)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None), "the next freeze works");
        }

        [Test]
        public void SyncFailure_UnwindsAtThePageFaultLevel()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Xfs, "/", 1);
            sb.Faults.FailSync(Errno.EIO);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EIO));
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.Unfrozen));
            Assert.That(world.Events("freeze_fs"), Is.Empty);
            Assert.That(world.Call(world.Vfs.PageFaultWrite("/m", 0, 1)), Is.EqualTo(Errno.None));
        }

        [Test]
        public void UnfreezeFailure_KeepsItFrozen_WritersStillWait_RetrySucceeds()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            SimOperation<Errno> write = world.Start(world.Vfs.Write("/a", 0, 1));
            sb.Faults.FailUnfreezeFs(Errno.EIO);

            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EIO));
            Assert.That((sb.Frozen, sb.KernelFreezeCount), Is.EqualTo((FreezeLevel.Complete, 1)));
            Assert.That(world.Events("VFS: Filesystem thaw failed"), Has.Length.EqualTo(1));
            Assert.That(write.IsDone, Is.False);

            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(write.Result, Is.EqualTo(Errno.None));
        }
    }
}
