using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>
    /// <c>->freeze_fs</c> and <c>->unfreeze_fs</c> by type (notes §2): what each writes, when each fails, and what a
    /// failure leaves behind (freeze unwinds to SB_UNFROZEN, a failed unfreeze stays frozen; notes §1.3, §1.4).
    /// </summary>
    public sealed class FreezeCallbackTests
    {
        private static (World World, ScriptedBackend Backend, SuperBlock Sb) OnBackend(FilesystemType type)
        {
            var world = new World();
            var backend = new ScriptedBackend();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16, backend);
            SuperBlock sb = world.Vfs.Mount(type, disk, "/").Mount!.SuperBlock;
            return (world, backend, sb);
        }

        [Test]
        public void ArmedFailures_AreReturnedInOrder_ThenTheCallbackSucceeds()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            sb.Faults.FailFreezeFs(Errno.EIO, times: 2);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EIO));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EIO));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));

            sb.Faults.FailUnfreezeFs(Errno.EIO);
            sb.Faults.FailUnfreezeFs(Errno.EUCLEAN);
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EIO));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EUCLEAN));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));

            sb.Faults.FailSync(Errno.EIO, times: 0);
            Assert.That(world.Call(world.Vfs.SyncFilesystem(sb)), Is.EqualTo(Errno.None), "armed zero times: nothing armed");
        }

        [Test]
        public void Ext4Freeze_WhoseSuperBlockCommitFails_Unwinds_AndUnlocksTheJournal()
        {
            // ext4_freeze: the journal checkpoint is written, then ext4_commit_super fails.
            (World world, ScriptedBackend backend, SuperBlock sb) = OnBackend(FilesystemTypes.Ext4);
            backend.FailNext(Errno.None);
            backend.FailNext(Errno.EIO);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EIO));
            Assert.That((sb.Frozen, sb.KernelFreezeCount, sb.Journal!.UpdatesLocked), Is.EqualTo((FreezeLevel.Unfrozen, 0, false)));
            Assert.That(world.Call(world.Vfs.Write("/a", 0, 1)), Is.EqualTo(Errno.None), "every level was released");
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
        }

        [Test]
        public void Ext4Unfreeze_WhoseSuperBlockCommitFails_StaysFrozen()
        {
            (World world, ScriptedBackend backend, SuperBlock sb) = OnBackend(FilesystemTypes.Ext4);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            backend.FailNext(Errno.EIO);
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EIO));
            Assert.That((sb.Frozen, sb.KernelFreezeCount), Is.EqualTo((FreezeLevel.Complete, 1)));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Flags, Is.EqualTo(OnDiskFlags.NeedsRecovery));
        }

        [Test]
        public void Ext4Freeze_CommitsWhatAnInternalWriterAddedAfterTheSyncsCommit()
        {
            // Internal writers still run at SB_FREEZE_PAGEFAULT. One that finishes after sync_filesystem's commit
            // leaves an update in the running transaction, which ext4_freeze's journal flush commits.
            (World world, ScriptedBackend backend, SuperBlock sb) = OnBackend(FilesystemTypes.Ext4);
            Assert.That(world.Call(world.Vfs.Write("/a", 0, 1)), Is.EqualTo(Errno.None));
            backend.CloseAfter(1);
            SimOperation<Errno> freeze = world.Start(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel));
            world.Scheduler.Run();
            Assert.That((sb.Frozen, sb.Journal!.Sequence, sb.Journal.RunningUpdates), Is.EqualTo((FreezeLevel.PageFault, 1L, 0)), "the sync's commit record waits for the host");

            Assert.That(world.Call(world.Vfs.InternalWrite(sb, 0, 5)), Is.EqualTo(Errno.None));
            Assert.That(sb.Journal.RunningUpdates, Is.EqualTo(1));
            backend.Open();
            world.Scheduler.Run();
            Assert.That(freeze.Result, Is.EqualTo(Errno.None));
            Assert.That((sb.Journal.RunningUpdates, sb.Journal.Sequence, sb.Generation), Is.EqualTo((0, 2L, 2L)));
            OnDiskImage image = VirtualFileSystem.OnDiskImage(sb);
            Assert.That((image.JournalTransactions, image.Generation, image.NeedsRecovery), Is.EqualTo((0, 2L, false)));
        }

        [Test]
        public void Xfs_ThawWritesNothing()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Xfs, "/", 1);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            long writes = sb.Device!.WriteCount;
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(sb.Device.WriteCount, Is.EqualTo(writes), "xfs_fs_unfreeze only restarts the log worker");
        }

        [Test]
        public void BtrfsFreeze_CommitsOnceMoreAfterTheSync()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Btrfs, "/", 1);
            long generation = sb.Generation;
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(sb.Generation, Is.EqualTo(generation + 2), "btrfs_sync_fs, then btrfs_freeze's commit");
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Generation, Is.EqualTo(generation + 2));
        }

        [Test]
        public void BtrfsUnfreeze_WithTheSuperBlockGone_IsEuclean()
        {
            (World world, ScriptedBackend backend, SuperBlock sb) = OnBackend(FilesystemTypes.Btrfs);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            backend.Erase(OnDiskLayout.SuperBlock);
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EUCLEAN));
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.Complete));
        }

        [Test]
        public void BtrfsUnfreeze_ChecksOnlyTheGeneration()
        {
            var world = new World();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16);
            SuperBlock sb = world.Vfs.Mount(FilesystemTypes.Btrfs, disk, "/").Mount!.SuperBlock;
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            long onDisk = disk.Blocks[OnDiskLayout.SuperBlock];
            disk.Tamper(OnDiskLayout.SuperBlock, OnDiskLayout.EncodeSuper(OnDiskFlags.NotClean, OnDiskLayout.Generation(onDisk)));
            Assert.That(disk.Blocks[OnDiskLayout.SuperBlock], Is.Not.EqualTo(onDisk));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None), "same generation: nothing else wrote the device");
        }

        [Test]
        public void Ext2Unfreeze_MarksTheSuperBlockInUse_OnDisk()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext2, "/", 1);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(sb.NotClean, Is.False);
            long writes = sb.Device!.WriteCount;
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That((sb.NotClean, sb.Device.WriteCount), Is.EqualTo((true, writes + 1)));
        }

        [Test]
        public void OnDiskLayout_PacksFlagsBelowTheGeneration()
        {
            long value = OnDiskLayout.EncodeSuper(OnDiskFlags.NeedsRecovery | OnDiskFlags.MidUpdate, 0x1234);
            Assert.That(value, Is.EqualTo((0x1234L << 8) | 5));
            Assert.That((OnDiskLayout.Flags(value), OnDiskLayout.Generation(value)), Is.EqualTo((OnDiskFlags.NeedsRecovery | OnDiskFlags.MidUpdate, 0x1234L)));
        }
    }
}
