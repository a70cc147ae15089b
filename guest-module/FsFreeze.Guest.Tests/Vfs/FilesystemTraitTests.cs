using System.Linq;
using FsFreeze.Simulation;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>Per-filesystem behaviour of notes §2, seen through the on-disk image.</summary>
    public sealed class FilesystemTraitTests
    {
        [Test]
        public void Ext4_FreezeClearsNeedsRecovery_UnfreezeSetsItBack()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            Assert.That(world.Call(world.Vfs.Write("/a", 0, 1)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.SyncFilesystem(sb)), Is.EqualTo(Errno.None));
            OnDiskImage synced = VirtualFileSystem.OnDiskImage(sb);
            Assert.That((synced.NeedsRecovery, synced.JournalTransactions), Is.EqualTo((true, 1)), "a crash image of a mounted ext4 replays its journal");

            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            OnDiskImage frozen = VirtualFileSystem.OnDiskImage(sb);
            Assert.That((frozen.NeedsRecovery, frozen.JournalTransactions, frozen.Quiesced), Is.EqualTo((false, 0, true)));

            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Flags, Is.EqualTo(OnDiskFlags.NeedsRecovery));
        }

        [Test]
        public void Xfs_DelayedLogging_TheLogStaysCleanUntilALogForce()
        {
            // A read-write mount writes nothing to the xfs log; writes wait in the page cache and the CIL.
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Xfs, "/", 1);
            Assert.That(VirtualFileSystem.OnDiskImage(sb).NeedsRecovery, Is.False, "mounted: the log still ends in its unmount record");
            Assert.That(world.Call(world.Vfs.Write("/a", 0, 1)), Is.EqualTo(Errno.None));
            OnDiskImage written = VirtualFileSystem.OnDiskImage(sb);
            Assert.That((written.NeedsRecovery, written.Data.Count, written.NotOnDisk.Count), Is.EqualTo((false, 0, 1)), "acknowledged, nothing on disk");

            // xfs_fs_sync_fs forces the log: a checkpoint is written and the log is dirty from then on.
            Assert.That(world.Call(world.Vfs.SyncFilesystem(sb)), Is.EqualTo(Errno.None));
            OnDiskImage synced = VirtualFileSystem.OnDiskImage(sb);
            Assert.That((synced.NeedsRecovery, synced.JournalTransactions, synced.ReadableWithoutReplay), Is.EqualTo((true, 1, false)));
        }

        [TestCase(true)]
        [TestCase(false)]
        public void Xfs_FreezeCoversTheLog_NothingLeftToReplay_YetRecoveryStaysFlagged(bool write)
        {
            // xfs_log_quiesce: force, push the AIL, cover; no unmount record, even with nothing written (lazysbcount).
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Xfs, "/", 1);
            if (write)
            {
                Assert.That(world.Call(world.Vfs.Write("/a", 0, 7)), Is.EqualTo(Errno.None));
            }

            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            OnDiskImage frozen = VirtualFileSystem.OnDiskImage(sb);
            Assert.That((frozen.NeedsRecovery, frozen.JournalTransactions, frozen.ReadableWithoutReplay, frozen.Quiesced), Is.EqualTo((true, 0, true, true)));
            Assert.That(frozen.Data, Has.Count.EqualTo(write ? 1 : 0));

            // xfs_fs_unfreeze writes nothing: the flag stays as the freeze left it.
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Flags, Is.EqualTo(OnDiskFlags.NeedsRecovery));
        }

        [Test]
        public void Ext4_FlagsNeedsRecoveryAtMount_BeforeAnyCommit()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            OnDiskImage mounted = VirtualFileSystem.OnDiskImage(sb);
            Assert.That((mounted.NeedsRecovery, mounted.JournalTransactions, mounted.ReadableWithoutReplay), Is.EqualTo((true, 0, true)));
        }

        [Test]
        public void Btrfs_OneSuperBlockForAllSubvolumes_AnonymousDev_FreezeCommits()
        {
            var world = new World();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16);
            (_, Mount? root) = world.Vfs.Mount(FilesystemTypes.Btrfs, disk, "/", new MountOptions { Subvolume = "@" });
            (_, Mount? home) = world.Vfs.Mount(FilesystemTypes.Btrfs, disk, "/home", new MountOptions { Subvolume = "@home" });
            SuperBlock sb = root!.SuperBlock;
            Assert.That(home!.SuperBlock, Is.SameAs(sb));
            Assert.That(sb.Dev.IsAnonymous, Is.True);
            Assert.That(world.Vfs.GrabSuperBlocksNewestFirst(), Has.Count.EqualTo(1));

            Assert.That(world.Call(world.Vfs.Write("/home/u/notes", 0, 9)), Is.EqualTo(Errno.None));
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Data, Is.Empty);
            long generation = sb.Generation;
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            OnDiskImage image = VirtualFileSystem.OnDiskImage(sb);
            Assert.That(image.Data[new PageKey("/@home/u/notes", 0)], Is.EqualTo(9));
            Assert.That(image.Generation, Is.GreaterThan(generation));
            Assert.That(image.Quiesced, Is.True);
        }

        [Test]
        public void Btrfs_UnfreezeFailsWithEuclean_WhenTheDeviceChangedWhileFrozen()
        {
            var world = new World();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16);
            SuperBlock sb = world.Vfs.Mount(FilesystemTypes.Btrfs, disk, "/").Mount!.SuperBlock;
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            disk.Tamper(OnDiskLayout.SuperBlock, OnDiskLayout.EncodeSuper(OnDiskFlags.None, 999));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EUCLEAN));
            Assert.That((sb.Frozen, sb.KernelFreezeCount), Is.EqualTo((FreezeLevel.Complete, 1)));
        }

        [Test]
        public void Vfat_FifreezeIsEopnotsupp_ButTheGenericFreezeBlocksWritersAndSyncs()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Vfat, "/boot/efi", 2);
            Assert.That(world.Call(world.Vfs.Write("/boot/efi/grub.cfg", 0, 3)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.IoctlFreeze("/boot/efi")), Is.EqualTo(Errno.EOPNOTSUPP));
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.Unfrozen));

            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.Complete));
            Assert.That(world.Events("freeze_fs"), Is.Empty);
            OnDiskImage image = VirtualFileSystem.OnDiskImage(sb);
            Assert.That((image.Consistent, image.NotOnDisk.Count), Is.EqualTo((true, 0)), "synced and blocked");
            Assert.That(image.Flags, Is.EqualTo(OnDiskFlags.NotClean), "no freeze_fs clears the FAT dirty bit");
            SimOperation<Errno> blocked = world.Start(world.Vfs.Write("/boot/efi/grub.cfg", 0, 4));
            Assert.That(world.Scheduler.Run().Outcome, Is.EqualTo(RunOutcome.Hung));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(blocked.Result, Is.EqualTo(Errno.None));
        }

        [Test]
        public void Ext2_FreezeMarksTheSuperBlockClean()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext2, "/old", 3);
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Flags, Is.EqualTo(OnDiskFlags.NotClean));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Quiesced, Is.True);
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Flags, Is.EqualTo(OnDiskFlags.NotClean));
        }

        [Test]
        public void Ext2_SyncDuringAHalfDoneUpdate_WritesAnInconsistentImage_FreezeNever()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext2, "/old", 3);
            SimOperation<Errno> write = world.Start(world.Vfs.Write("/old/f", 0, 1));
            world.Scheduler.Step();
            Assert.That(sb.MetadataUpdatesInFlight, Is.EqualTo(1));
            SimOperation<Errno> sync = world.Vfs.SyncFilesystem(sb);
            foreach (Wait unused in sync)
            {
                Assert.Fail("a disk write never sleeps");
            }

            Assert.That(VirtualFileSystem.OnDiskImage(sb).Consistent, Is.False);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(write.Result, Is.EqualTo(Errno.None));
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Consistent, Is.True);
        }

        [TestCase("tmpfs")]
        [TestCase("proc")]
        [TestCase("sysfs")]
        [TestCase("devtmpfs")]
        [TestCase("cgroup2")]
        [TestCase("fuse")]
        [TestCase("nfs4")]
        [TestCase("overlay")]
        public void DevicelessFilesystems_HaveNoImage_AnonymousDev_AndFifreezeIsEopnotsupp(string name)
        {
            FilesystemType type = new[]
            {
                FilesystemTypes.Tmpfs, FilesystemTypes.Proc, FilesystemTypes.Sysfs, FilesystemTypes.Devtmpfs,
                FilesystemTypes.Cgroup2, FilesystemTypes.Fuse, FilesystemTypes.Nfs, FilesystemTypes.Overlay,
            }.Single(t => t.Name == name);
            var world = new World();
            SuperBlock sb = world.MountPseudo(type, "/x");
            Assert.That((sb.Dev.IsAnonymous, type.HasBackingDevice, type.HasOwnFreeze), Is.EqualTo((true, false, false)));
            Assert.That(VirtualFileSystem.OnDiskImage(sb).HasDevice, Is.False);
            Assert.That(world.Call(world.Vfs.IoctlFreeze("/x")), Is.EqualTo(Errno.EOPNOTSUPP));
        }

        [Test]
        public void BindMounts_ShareOneSuperBlock_AndTheWalkVisitsItOnce()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/data", 1);
            world.MountPseudo(FilesystemTypes.Proc, "/proc");
            Assert.That(world.Vfs.BindMount("/data/www", "/srv").Mount!.SuperBlock, Is.SameAs(sb));
            Assert.That(world.Vfs.BindMount("/data", "/mirror").Mount!.SuperBlock, Is.SameAs(sb));
            Assert.That(world.Call(world.Vfs.Write("/srv/index", 0, 1)), Is.EqualTo(Errno.None));
            Assert.That(sb.PageCache.Read(new PageKey("/www/index", 0)), Is.EqualTo(1));

            var refs = world.Vfs.GrabSuperBlocksNewestFirst(static s => s.Type.HasBackingDevice || s.Type.HasOwnFreeze);
            Assert.That(refs.Select(static r => r.SuperBlock), Is.EqualTo(new[] { sb }));
        }
    }
}
