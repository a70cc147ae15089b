using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>
    /// Device writes inside freeze_fs, unfreeze_fs, sync_fs and syncfs sleep until the host completes them (a
    /// virtio-blk request in flight): the call must wait there and go on once the write completes, with the journal
    /// kept locked meanwhile (ext4_freeze holds jbd2_journal_lock_updates across its flush).
    /// </summary>
    public sealed class WaitPointTests
    {
        private static (World World, ScriptedBackend Backend, SuperBlock Sb) OnBackend(string type)
        {
            var world = new World();
            var backend = new ScriptedBackend();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16, backend);
            SuperBlock sb = world.Vfs.Mount(FilesystemTypes.Find(type)!, disk, "/").Mount!.SuperBlock;
            return (world, backend, sb);
        }

        // Writes before the one that waits: ext4 = none before the journal checkpoint, 1 before its superblock
        // commit; btrfs = sync_fs's commit before btrfs_freeze's; ext2 = sync_fs's superblock before ext2_freeze's.
        [TestCase("ext4", 0)]
        [TestCase("ext4", 1)]
        [TestCase("btrfs", 1)]
        [TestCase("ext2", 1)]
        public void FreezeFs_WaitsForItsDeviceWrite(string type, int before)
        {
            (World world, ScriptedBackend backend, SuperBlock sb) = OnBackend(type);
            backend.CloseAfter(before);
            SimOperation<Errno> freeze = world.Start(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel));
            Assert.That(world.Scheduler.Run().Outcome, Is.EqualTo(RunOutcome.Hung));
            Assert.That((freeze.IsDone, sb.Frozen), Is.EqualTo((false, FreezeLevel.Fs)));
            if (sb.Journal is Journal journal)
            {
                Assert.That(journal.UpdatesLocked, Is.True, "updates stay locked while ext4_freeze flushes");
            }

            backend.Open();
            world.Scheduler.Run();
            Assert.That((freeze.Result, sb.Frozen), Is.EqualTo((Errno.None, FreezeLevel.Complete)));
            Assert.That(sb.Journal?.UpdatesLocked ?? false, Is.False);
        }

        [Test]
        public void Ext2Unfreeze_WaitsForItsSuperBlockWrite()
        {
            (World world, ScriptedBackend backend, SuperBlock sb) = OnBackend("ext2");
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            backend.Close();
            SimOperation<Errno> thaw = world.Start(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel));
            Assert.That(world.Scheduler.Run().Outcome, Is.EqualTo(RunOutcome.Hung));
            Assert.That((thaw.IsDone, sb.Frozen), Is.EqualTo((false, FreezeLevel.Complete)));
            backend.Open();
            world.Scheduler.Run();
            Assert.That((thaw.Result, sb.Frozen), Is.EqualTo((Errno.None, FreezeLevel.Unfrozen)));
        }

        [Test]
        public void Syncfs_WaitsForItsWriteback_AndSyncFsForItsSuperBlockWrite()
        {
            (World world, ScriptedBackend backend, SuperBlock sb) = OnBackend("ext2");
            Assert.That(world.Call(world.Vfs.Write("/a", 0, 1)), Is.EqualTo(Errno.None));
            backend.Close();
            SimOperation<Errno> syncfs = world.Start(world.Vfs.Syncfs(sb));
            Assert.That(world.Scheduler.Run().Outcome, Is.EqualTo(RunOutcome.Hung));
            Assert.That(syncfs.IsDone, Is.False, "the data write is in flight");
            backend.Open();
            backend.CloseAfter(1);
            world.Scheduler.Run();
            Assert.That(syncfs.IsDone, Is.False, "the superblock write of sync_fs is in flight");
            backend.Open();
            world.Scheduler.Run();
            Assert.That(syncfs.Result, Is.EqualTo(Errno.None));
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Data[new PageKey("/a", 0)], Is.EqualTo(1));
        }
    }
}
