using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>
    /// syncfs(2) (fs/sync.c): sync_filesystem under s_umount shared, nothing to do on a frozen or dying superblock,
    /// and never interleaved with the exclusive parts of freeze_super.
    /// </summary>
    public sealed class SyncfsTests
    {
        [Test]
        public void Syncfs_WritesBack_AndReportsAWritebackError()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            Assert.That(world.Call(world.Vfs.Write("/a", 0, 4)), Is.EqualTo(Errno.None));
            sb.Faults.FailSync(Errno.EIO);
            Assert.That(world.Call(world.Vfs.Syncfs(sb)), Is.EqualTo(Errno.EIO));
            Assert.That(sb.PageCache.DirtyCount, Is.EqualTo(1));
            Assert.That(world.Call(world.Vfs.Syncfs(sb)), Is.EqualTo(Errno.None));
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Data[new PageKey("/a", 0)], Is.EqualTo(4));
        }

        [Test]
        public void Syncfs_OfAFrozenSuperBlock_WritesNothing()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext2, "/", 1);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            long writes = sb.Device!.WriteCount;
            sb.Faults.FailSync(Errno.EIO);
            Assert.That(world.Call(world.Vfs.Syncfs(sb)), Is.EqualTo(Errno.None), "sync_filesystem is not even called");
            Assert.That(sb.Device.WriteCount, Is.EqualTo(writes), "ext2's sync_fs would rewrite its superblock");
        }

        [Test]
        public void Syncfs_OfADyingSuperBlock_DoesNothing()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/data", 1);
            sb.Faults.FailSync(Errno.EIO, times: 2);
            Assert.That(world.Vfs.Unmount("/data"), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.Syncfs(sb)), Is.EqualTo(Errno.None), "kill_sb took one failure; syncfs must not take the other");
            Assert.That(sb.Dying, Is.True);
        }

        [Test]
        public void Syncfs_WaitsWhileAFreezeHoldsSUmount_ThenFindsItFrozen_AndReleasesSUmount()
        {
            var world = new World();
            var backend = new ScriptedBackend();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16, backend);
            SuperBlock sb = world.Vfs.Mount(FilesystemTypes.Ext2, disk, "/").Mount!.SuperBlock;
            Assert.That(world.Call(world.Vfs.Write("/a", 0, 1)), Is.EqualTo(Errno.None));

            // freeze_super's sync_filesystem runs with s_umount held exclusive; its writeback waits for the host.
            backend.Close();
            SimOperation<Errno> freeze = world.Start(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel));
            world.Scheduler.Run();
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.PageFault));
            SimOperation<Errno> syncfs = world.Start(world.Vfs.Syncfs(sb));
            RunResult run = world.Scheduler.Run();
            Assert.That(run.Outcome, Is.EqualTo(RunOutcome.Hung));
            Assert.That(syncfs.IsDone, Is.False, "syncfs waits for s_umount");
            int written = backend.Written.Count;

            backend.Open();
            world.Scheduler.Run();
            Assert.That((freeze.Result, syncfs.Result), Is.EqualTo((Errno.None, Errno.None)));
            Assert.That(backend.Written, Has.Count.EqualTo(written + 3), "the freeze wrote data, sync_fs and ext2_freeze their superblocks; syncfs nothing");

            // syncfs released its shared hold: the thaw and the next freeze take s_umount exclusive without waiting.
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.Syncfs(sb)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
        }
    }
}
