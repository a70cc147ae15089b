using System.Linq;
using FsFreeze.Simulation;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>
    /// ext4 on a loop device whose image lives on the root ext4 (notes §1.7, §1.8; open-vm-tools#6): the lower
    /// filesystem must take the upper's writeback, so freezing bottom-first hangs and top-first is clean.
    /// </summary>
    public sealed class StackedLoopTests
    {
        private static (World World, SuperBlock Lower, SuperBlock Upper) Stack()
        {
            var world = new World();
            SuperBlock lower = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            (Errno error, LoopDevice? loop) = world.Vfs.AttachLoop("/images/disk.img");
            Assert.That(error, Is.EqualTo(Errno.None));
            (Errno mounted, Mount? mount) = world.Vfs.Mount(FilesystemTypes.Ext4, loop, "/mnt/img");
            Assert.That(mounted, Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.Write("/mnt/img/data", 0, 42)), Is.EqualTo(Errno.None));
            return (world, lower, mount!.SuperBlock);
        }

        [Test]
        public void Walk_VisitsTheUpperBeforeTheLower()
        {
            (World world, SuperBlock lower, SuperBlock upper) = Stack();
            var refs = world.Vfs.GrabSuperBlocksNewestFirst();
            Assert.That(refs.Select(static r => r.SuperBlock), Is.EqualTo(new[] { upper, lower }));
            Assert.That(upper.Dev.Major, Is.EqualTo(DeviceNumber.LoopMajor));
            foreach (SuperBlockReference r in refs)
            {
                r.Release();
            }
        }

        [Test]
        public void BottomFirst_WithDirtyUpperData_Hangs_UntilTheLowerIsThawed()
        {
            (World world, SuperBlock lower, SuperBlock upper) = Stack();
            Assert.That(world.Call(world.Vfs.FreezeSuper(lower, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));

            SimOperation<Errno> freezeUpper = world.Start(world.Vfs.FreezeSuper(upper, FreezeHolder.Kernel));
            RunResult run = world.Scheduler.Run();
            Assert.That(run.Outcome, Is.EqualTo(RunOutcome.Hung), run.ToString());
            Assert.That(run.Blocked.Single().Queue, Is.EqualTo("ext4(253:1).sb_writers"), "the upper's writeback sleeps in the lower's sb_start_write");
            Assert.That(freezeUpper.IsDone, Is.False);
            Assert.That(upper.Frozen, Is.EqualTo(FreezeLevel.PageFault));

            Assert.That(world.Call(world.Vfs.ThawSuper(lower, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(freezeUpper.Result, Is.EqualTo(Errno.None));
        }

        [Test]
        public void TopFirst_FreezesBoth_AndTheHostSnapshotIsClean()
        {
            (World world, SuperBlock lower, SuperBlock upper) = Stack();
            Assert.That(VirtualFileSystem.OnDiskImage(upper).NotOnDisk, Has.Count.EqualTo(1));

            Assert.That(world.Call(world.Vfs.FreezeSuper(upper, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(lower.PageCache.DirtyCount, Is.GreaterThan(0), "the upper's writeback landed in the image file's page cache");
            Assert.That(world.Call(world.Vfs.FreezeSuper(lower, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));

            OnDiskImage upperImage = VirtualFileSystem.OnDiskImage(upper);
            Assert.That(upperImage.Quiesced, Is.True);
            Assert.That(upperImage.Data[new PageKey("/data", 0)], Is.EqualTo(42));
            Assert.That(VirtualFileSystem.OnDiskImage(lower).Quiesced, Is.True);
        }

        [Test]
        public void ThawTopFirst_Hangs_BecauseUnfreezeWritesToTheFrozenLower()
        {
            (World world, SuperBlock lower, SuperBlock upper) = Stack();
            Assert.That(world.Call(world.Vfs.FreezeSuper(upper, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.FreezeSuper(lower, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));

            // ext4_unfreeze commits the superblock through the loop device into the frozen lower filesystem.
            SimOperation<Errno> thawUpper = world.Start(world.Vfs.ThawSuper(upper, FreezeHolder.Kernel));
            Assert.That(world.Scheduler.Run().Outcome, Is.EqualTo(RunOutcome.Hung));
            Assert.That(world.Call(world.Vfs.ThawSuper(lower, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(thawUpper.Result, Is.EqualTo(Errno.None));
        }
    }
}
