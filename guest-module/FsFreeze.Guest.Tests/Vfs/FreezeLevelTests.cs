using System.Linq;
using FsFreeze.Simulation;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>freeze_super's levels and what each blocks (notes §1.2, §1.3).</summary>
    public sealed class FreezeLevelTests
    {
        [Test]
        public void Freeze_PassesEveryLevelInOrder_AndLeavesNothingDirty()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            Assert.That(world.Call(world.Vfs.Write("/a", 0, 11)), Is.EqualTo(Errno.None));
            Assert.That(sb.PageCache.DirtyCount, Is.EqualTo(1));

            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));

            string[] levels = world.Events("frozen=").Select(static e => e[(e.IndexOf("frozen=", System.StringComparison.Ordinal) + 7)..].Split(' ')[0]).ToArray();
            Assert.That(levels, Is.EqualTo(new[] { "Write", "PageFault", "Fs", "Complete" }));
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.Complete));
            Assert.That(sb.PageCache.DirtyCount, Is.Zero);
            OnDiskImage image = VirtualFileSystem.OnDiskImage(sb);
            Assert.That(image.Quiesced, Is.True);
            Assert.That(image.Data[new PageKey("/a", 0)], Is.EqualTo(11));
        }

        [Test]
        public void WritersBlockWhileFrozen_ThenCompleteInOrderAfterThaw_NoWriteLost()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));

            SimOperation<Errno>[] writes = Enumerable.Range(1, 4).Select(i => world.Start(world.Vfs.Write("/f", 0, i))).ToArray();
            RunResult run = world.Scheduler.Run();
            Assert.That(run.Outcome, Is.EqualTo(RunOutcome.Hung), "writers sleep in sb_start_write until the thaw");
            Assert.That(run.Blocked.Select(static b => b.Queue), Is.All.EqualTo("ext4(253:1).sb_writers"));
            Assert.That(writes.Any(static w => w.IsDone), Is.False);
            Assert.That(sb.PageCache.Read(new PageKey("/f", 0)), Is.Null);

            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(writes.All(static w => w.IsDone && w.Result == Errno.None), Is.True);
            string[] wrote = world.Events("wrote ext4(253:1):/f#0=");
            Assert.That(wrote.Select(static e => e.Split('=')[^1]), Is.EqualTo(new[] { "1 (Write)", "2 (Write)", "3 (Write)", "4 (Write)" }));
            Assert.That(sb.PageCache.Read(new PageKey("/f", 0)), Is.EqualTo(4));
        }

        [Test]
        public void AtWriteLevel_PageFaultsStillRun_PlainWritesWait()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);

            // A write already inside sb_start_write (a long write(2)) keeps the freezer at SB_FREEZE_WRITE.
            Assert.That(sb.Level(WriterKind.Write).TryDownRead(), Is.True);
            SimOperation<Errno> freeze = world.Start(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel));
            world.Scheduler.Run();
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.Write));

            SimOperation<Errno> fault = world.Start(world.Vfs.PageFaultWrite("/m", 0, 5));
            SimOperation<Errno> write = world.Start(world.Vfs.Write("/w", 0, 6));
            world.Scheduler.Run();
            Assert.That(fault.IsDone, Is.True, "sb_start_pagefault is not blocked at SB_FREEZE_WRITE");
            Assert.That(write.IsDone, Is.False);

            sb.Level(WriterKind.Write).UpRead();
            world.Scheduler.Run();
            Assert.That(freeze.Result, Is.EqualTo(Errno.None));
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Data[new PageKey("/m", 0)], Is.EqualTo(5), "the page fault's data was synced by the freeze");
            Assert.That(write.IsDone, Is.False);

            SimOperation<Errno> late = world.Start(world.Vfs.PageFaultWrite("/m", 1, 7));
            SimOperation<Errno> intwrite = world.Start(world.Vfs.InternalWrite(sb, 0, 8));
            world.Scheduler.Run();
            Assert.That(late.IsDone || intwrite.IsDone, Is.False, "COMPLETE blocks page faults and internal writers too");

            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(new[] { write, late, intwrite }.All(static o => o.IsDone && o.Result == Errno.None), Is.True);
        }

        [Test]
        public void ReadOnlySuperBlock_FrozenAtOnce_WithoutSyncOrFreezeFs()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/ro", 1, new MountOptions { ReadOnly = true });
            long writesBefore = sb.Device!.WriteCount;

            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.Complete));
            Assert.That(world.Events("frozen="), Has.Length.EqualTo(1), "straight to COMPLETE");
            Assert.That(world.Events("freeze_fs"), Is.Empty);
            Assert.That(world.Events("sync_fs"), Is.Empty);
            Assert.That(sb.Device.WriteCount, Is.EqualTo(writesBefore));

            // No level semaphore is held: a write is refused with EROFS instead of sleeping.
            Assert.That(world.Call(world.Vfs.Write("/ro/x", 0, 1)), Is.EqualTo(Errno.EROFS));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(world.Events("unfreeze_fs"), Is.Empty);
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.Unfrozen));
        }

        [Test]
        public void SecondFreezer_WaitsForAPartialFreeze_ThenShares()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            Assert.That(sb.Level(WriterKind.Write).TryDownRead(), Is.True);
            SimOperation<Errno> kernel = world.Start(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel));
            world.Scheduler.Run();
            SimOperation<Errno> user = world.Start(world.Vfs.IoctlFreeze("/"));
            SimOperation<Errno> thaw = world.Start(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel));
            world.Scheduler.Run();
            Assert.That(user.IsDone, Is.False, "wait_for_partially_frozen");
            Assert.That(thaw.Result, Is.EqualTo(Errno.EINVAL), "thaw of a superblock not at COMPLETE");

            sb.Level(WriterKind.Write).UpRead();
            world.Scheduler.Run();
            Assert.That((kernel.Result, user.Result), Is.EqualTo((Errno.None, Errno.None)));
            Assert.That((sb.KernelFreezeCount, sb.UserFreezeCount), Is.EqualTo((1, 1)));
        }
    }
}
