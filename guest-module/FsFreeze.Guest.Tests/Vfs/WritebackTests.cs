using System.Linq;
using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>
    /// sync_filesystem and <c>->sync_fs</c> by filesystem traits (fs/sync.c, notes §2): where pages land, what a
    /// commit writes, what a failed write leaves behind. A freeze is only as good as the sync inside it (FF-DRV-23).
    /// </summary>
    public sealed class WritebackTests
    {
        private static readonly PageKey F0 = new("/f", 0);

        private static int DataBlocks(DiskDevice disk) => disk.Blocks.Keys.Count(static b => b >= OnDiskLayout.FirstDataBlock);

        [Test]
        public void InPlace_RewritesAPagesBlock_CopyOnWrite_WritesANewBlockEachTime()
        {
            var world = new World();
            DiskDevice ext2Disk = world.Vfs.AddDisk("/dev/vdb", 253, 16);
            DiskDevice btrfsDisk = world.Vfs.AddDisk("/dev/vdc", 253, 32);
            SuperBlock ext2 = world.Vfs.Mount(FilesystemTypes.Ext2, ext2Disk, "/old").Mount!.SuperBlock;
            SuperBlock btrfs = world.Vfs.Mount(FilesystemTypes.Btrfs, btrfsDisk, "/new").Mount!.SuperBlock;
            foreach (long value in new long[] { 1, 2 })
            {
                Assert.That(world.Call(world.Vfs.Write("/old/f", 0, value)), Is.EqualTo(Errno.None));
                Assert.That(world.Call(world.Vfs.Write("/new/f", 0, value)), Is.EqualTo(Errno.None));
                Assert.That(world.Call(world.Vfs.SyncFilesystem(ext2)), Is.EqualTo(Errno.None));
                Assert.That(world.Call(world.Vfs.SyncFilesystem(btrfs)), Is.EqualTo(Errno.None));
            }

            Assert.That(DataBlocks(ext2Disk), Is.EqualTo(1));
            Assert.That(ext2Disk.Blocks[OnDiskLayout.FirstDataBlock], Is.EqualTo(2));
            Assert.That(DataBlocks(btrfsDisk), Is.EqualTo(2), "the old extent stays; the committed tree points at the new one");
            Assert.That(VirtualFileSystem.OnDiskImage(ext2).Data[F0], Is.EqualTo(2));
            Assert.That(VirtualFileSystem.OnDiskImage(btrfs).Data[F0], Is.EqualTo(2));
            Assert.That((ext2.PageCache.DirtyCount, btrfs.PageCache.DirtyCount), Is.EqualTo((0, 0)));
        }

        [TestCase("btrfs", false)]
        [TestCase("ext2", true)]
        public void AWritebackCutShortBeforeTheCommit_ShowsOnlyInPlace(string name, bool shown)
        {
            // The first page reaches the disk, the second write fails, so ->sync_fs never commits. In place, the
            // written block is what a snapshot reads; copy-on-write, the committed tree does not point at it yet.
            var world = new World();
            var backend = new ScriptedBackend();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16, backend);
            SuperBlock sb = world.Vfs.Mount(FilesystemTypes.Find(name)!, disk, "/").Mount!.SuperBlock;
            Assert.That(world.Call(world.Vfs.Write("/a", 0, 1)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.Write("/b", 0, 2)), Is.EqualTo(Errno.None));
            backend.FailNext(Errno.None);
            backend.FailNext(Errno.EIO);
            Assert.That(world.Call(world.Vfs.SyncFilesystem(sb)), Is.EqualTo(Errno.EIO));
            Assert.That(backend.Read(OnDiskLayout.FirstDataBlock), Is.EqualTo(1), "the first page was written");
            Assert.That(VirtualFileSystem.PersistedBlockMap(sb).ContainsKey(new PageKey("/a", 0)), Is.EqualTo(shown));
            OnDiskImage image = VirtualFileSystem.OnDiskImage(sb);
            Assert.That(image.Data.ContainsKey(new PageKey("/a", 0)), Is.EqualTo(shown));
            Assert.That(image.NotOnDisk, Does.Contain(new PageKey("/b", 0)));
            Assert.That(sb.PageCache.IsDirty(new PageKey("/a", 0)), Is.False, "written back, clean");
        }

        [Test]
        public void BackendWriteError_FailsTheSync_LeavesThePageDirty_AndAFreezeUnwinds()
        {
            var world = new World();
            var backend = new ScriptedBackend();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16, backend);
            SuperBlock sb = world.Vfs.Mount(FilesystemTypes.Ext4, disk, "/").Mount!.SuperBlock;
            Assert.That(world.Call(world.Vfs.Write("/f", 0, 7)), Is.EqualTo(Errno.None));

            backend.FailNext(Errno.EIO);
            Assert.That(world.Call(world.Vfs.SyncFilesystem(sb)), Is.EqualTo(Errno.EIO));
            Assert.That(sb.PageCache.IsDirty(F0), Is.True);
            Assert.That(sb.Journal!.RunningUpdates, Is.EqualTo(1), "no commit after a failed writeback");

            backend.FailNext(Errno.EIO);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EIO));
            Assert.That((sb.Frozen, sb.KernelFreezeCount), Is.EqualTo((FreezeLevel.Unfrozen, 0)));

            Assert.That(world.Call(world.Vfs.SyncFilesystem(sb)), Is.EqualTo(Errno.None));
            Assert.That(sb.PageCache.IsDirty(F0), Is.False);
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Data[F0], Is.EqualTo(7));
        }

        [Test]
        public void APageRedirtiedDuringItsWriteback_StaysDirty()
        {
            var world = new World();
            var backend = new ScriptedBackend();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16, backend);
            SuperBlock sb = world.Vfs.Mount(FilesystemTypes.Ext2, disk, "/").Mount!.SuperBlock;
            Assert.That(world.Call(world.Vfs.Write("/f", 0, 1)), Is.EqualTo(Errno.None));
            backend.Close();
            SimOperation<Errno> sync = world.Start(world.Vfs.SyncFilesystem(sb));
            Assert.That(world.Call(world.Vfs.Write("/f", 0, 2)), Is.EqualTo(Errno.None));
            Assert.That(sync.IsDone, Is.False);
            backend.Open();
            world.Scheduler.Run();
            Assert.That(sync.Result, Is.EqualTo(Errno.None));
            Assert.That((sb.PageCache.IsDirty(F0), sb.PageCache.Read(F0)), Is.EqualTo((true, 2L)), "the newer value is not on disk yet");
            Assert.That(VirtualFileSystem.OnDiskImage(sb).NotOnDisk, Is.EqualTo(new[] { F0 }));
        }

        [Test]
        public void SyncWithNothingNew_WritesNothingToAJournaledDisk_ButRewritesOtherSuperBlocks()
        {
            var world = new World();
            SuperBlock ext4 = world.MountDisk(FilesystemTypes.Ext4, "/a", 1);
            SuperBlock ext2 = world.MountDisk(FilesystemTypes.Ext2, "/b", 2);
            SuperBlock btrfs = world.MountDisk(FilesystemTypes.Btrfs, "/c", 3);
            SuperBlock[] all = { ext4, ext2, btrfs };
            Assert.That(all.Select(static s => s.Device!.WriteCount), Is.All.EqualTo(1), "fill_super wrote each superblock");
            long btrfsGeneration = btrfs.Generation;
            foreach (SuperBlock sb in all)
            {
                Assert.That(world.Call(world.Vfs.SyncFilesystem(sb)), Is.EqualTo(Errno.None));
            }

            Assert.That(all.Select(static s => s.Device!.WriteCount), Is.EqualTo(new long[] { 1, 2, 2 }));
            Assert.That(ext4.Journal!.Sequence, Is.Zero, "no transaction to commit");
            Assert.That(btrfs.Generation, Is.EqualTo(btrfsGeneration + 1), "btrfs_sync_fs commits a transaction");
        }

        [Test]
        public void JournalCommits_CountOnDisk_UntilTheFreezeCheckpointsThem()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            for (int i = 1; i <= 2; i++)
            {
                Assert.That(world.Call(world.Vfs.Write("/f", i, i)), Is.EqualTo(Errno.None));
                Assert.That(sb.Journal!.RunningUpdates, Is.EqualTo(1));
                Assert.That(world.Call(world.Vfs.SyncFilesystem(sb)), Is.EqualTo(Errno.None));
                Assert.That((sb.Journal.RunningUpdates, sb.Journal.CommittedTransactions, sb.Journal.Sequence, sb.Generation), Is.EqualTo((0, i, (long)i, (long)i)));
                Assert.That(VirtualFileSystem.OnDiskImage(sb).JournalTransactions, Is.EqualTo(i));
            }

            // ext4 already flags needs_recovery from the mount: a commit writes data and journal, not the superblock.
            Assert.That(sb.Device!.WriteCount, Is.EqualTo(1 + (2 * 2)));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That((sb.Journal!.CommittedTransactions, sb.Journal.UpdatesLocked), Is.EqualTo((0, false)));
            OnDiskImage frozen = VirtualFileSystem.OnDiskImage(sb);
            Assert.That((frozen.JournalTransactions, frozen.Generation), Is.EqualTo((0, 2L)));
        }

        [Test]
        public void Xfs_FirstCheckpoint_RewritesTheSuperBlock_LaterOnesOnlyTheLog()
        {
            // The first log write after a clean mount dirties the log: the on-disk state must say so once.
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Xfs, "/", 1);
            Assert.That(sb.Device!.WriteCount, Is.EqualTo(1));
            Assert.That(world.Call(world.Vfs.Write("/a", 0, 1)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.SyncFilesystem(sb)), Is.EqualTo(Errno.None));
            Assert.That(sb.Device.WriteCount, Is.EqualTo(4), "data, log, superblock");
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Flags, Is.EqualTo(OnDiskFlags.NeedsRecovery));
            Assert.That(world.Call(world.Vfs.Write("/b", 0, 2)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.SyncFilesystem(sb)), Is.EqualTo(Errno.None));
            Assert.That(sb.Device.WriteCount, Is.EqualTo(6), "data, log");
        }

        [Test]
        public void ASuperBlockTheMountCouldNotWrite_IsWrittenByTheFirstSync_Once()
        {
            var world = new World();
            var backend = new ScriptedBackend(immediate: false);
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16, backend);
            SuperBlock sb = world.Vfs.Mount(FilesystemTypes.Ext4, disk, "/").Mount!.SuperBlock;
            Assert.That((backend.Read(OnDiskLayout.SuperBlock), disk.WriteCount), Is.EqualTo(((long?)null, 0L)));
            Assert.That(disk.Backend, Is.SameAs(backend));
            Assert.That(disk.Blocks, Is.Empty, "a backend holds the blocks");

            Assert.That(world.Call(world.Vfs.SyncFilesystem(sb)), Is.EqualTo(Errno.None));
            Assert.That(backend.Written.Select(static w => w.Block), Is.EqualTo(new[] { OnDiskLayout.SuperBlock }));
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Flags, Is.EqualTo(OnDiskFlags.NeedsRecovery));
            Assert.That(disk.WriteCount, Is.EqualTo(1));

            Assert.That(world.Call(world.Vfs.SyncFilesystem(sb)), Is.EqualTo(Errno.None));
            Assert.That(backend.Written, Has.Count.EqualTo(1), "written once");
        }

        [Test]
        public void AnImmediateBackend_TakesTheMountsSuperBlockAtOnce()
        {
            var world = new World();
            var backend = new ScriptedBackend();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16, backend);
            world.Vfs.Mount(FilesystemTypes.Ext2, disk, "/");
            Assert.That(backend.Written.Select(static w => w.Block), Is.EqualTo(new[] { OnDiskLayout.SuperBlock }));
            Assert.That(OnDiskLayout.Flags(backend.Read(OnDiskLayout.SuperBlock)!.Value), Is.EqualTo(OnDiskFlags.NotClean));
            Assert.That(disk.WriteCount, Is.EqualTo(1));
        }

        [Test]
        public void ReadOnlyMount_WritesNothing_AndItsSyncWritesNothing()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext2, "/ro", 1, new MountOptions { ReadOnly = true });
            Assert.That(sb.Device!.WriteCount, Is.Zero);
            Assert.That((sb.NotClean, VirtualFileSystem.OnDiskImage(sb).Flags), Is.EqualTo((false, OnDiskFlags.None)));
            Assert.That(world.Call(world.Vfs.SyncFilesystem(sb)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.Syncfs(sb)), Is.EqualTo(Errno.None));
            Assert.That(sb.Device.WriteCount, Is.Zero);

            SuperBlock ext4 = world.MountDisk(FilesystemTypes.Ext4, "/ro4", 2, new MountOptions { ReadOnly = true });
            Assert.That(ext4.Journal!.NeedsRecovery, Is.False, "a read-only mount does not mark the journal in use");
        }

        [Test]
        public void JournaledAndCopyOnWrite_NeverShowAHalfDoneUpdate()
        {
            foreach (FilesystemType type in new[] { FilesystemTypes.Xfs, FilesystemTypes.Btrfs })
            {
                var world = new World();
                SuperBlock sb = world.MountDisk(type, "/", 1);
                Assert.That(world.Call(world.Vfs.Write("/a", 0, 1)), Is.EqualTo(Errno.None));
                SimOperation<Errno> write = world.Start(world.Vfs.Write("/b", 0, 2));
                world.Scheduler.Step();
                Assert.That(sb.MetadataUpdatesInFlight, Is.EqualTo(1));
                long before = sb.Device!.WriteCount;
                foreach (Wait unused in world.Vfs.SyncFilesystem(sb))
                {
                    Assert.Fail("a disk write never sleeps");
                }

                Assert.That(sb.Device.WriteCount, Is.GreaterThan(before + 1), $"{type}: the sync wrote the superblock");
                Assert.That(VirtualFileSystem.OnDiskImage(sb).Consistent, Is.True, type.Name);
                world.Scheduler.Run();
                Assert.That(write.Result, Is.EqualTo(Errno.None));
            }
        }

        [Test]
        public void AWriteInProgress_HoldsAJournalHandle_AndEndsInTheRunningTransaction()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            SimOperation<Errno> write = world.Start(world.Vfs.Write("/a", 0, 1));
            world.Scheduler.Step();
            Assert.That((sb.Journal!.OpenHandles, sb.Journal.RunningUpdates, sb.MetadataUpdatesInFlight), Is.EqualTo((1, 0, 1)));
            world.Scheduler.Run();
            Assert.That(write.Result, Is.EqualTo(Errno.None));
            Assert.That((sb.Journal.OpenHandles, sb.Journal.RunningUpdates, sb.MetadataUpdatesInFlight), Is.EqualTo((0, 1, 0)));
        }

        [Test]
        public void Xfs_OnADeviceWithoutImmediateWrites_WritesItsSuperBlockAtTheFirstCheckpoint()
        {
            var world = new World();
            var backend = new ScriptedBackend(immediate: false);
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16, backend);
            SuperBlock sb = world.Vfs.Mount(FilesystemTypes.Xfs, disk, "/").Mount!.SuperBlock;
            Assert.That(world.Call(world.Vfs.Write("/a", 0, 1)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.SyncFilesystem(sb)), Is.EqualTo(Errno.None));
            Assert.That(OnDiskLayout.Flags(backend.Read(OnDiskLayout.SuperBlock)!.Value), Is.EqualTo(OnDiskFlags.NeedsRecovery));
        }
    }
}
