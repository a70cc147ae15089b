using System;
using FsFreeze.Conformance.Framework;
using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;
using FsFreeze.Systems;

namespace FsFreeze.Conformance.EndToEnd
{
    /// <summary>
    /// The guest's disks are the host's virtual disks: writeback is block requests that the host completes, holds
    /// back while it blocks I/O, and lets through when it resumes (FF-HOST-5). What a copy of the host's image holds
    /// is therefore exactly what the guest's writes had reached.
    /// </summary>
    public sealed class GuestDiskIsHostDiskTests
    {
        [Test]
        [Requirement("FF-HOST-5")]
        public void GuestWriteback_IsHeldWhileTheHostBlocksIo_AndLandsInTheImageAfterResume()
        {
            ulong seed = Seeds.Current;
            string why = SystemRuns.Replay(seed, nameof(GuestWriteback_IsHeldWhileTheHostBlocksIo_AndLandsInTheImageAfterResume));
            FsFreezeSystem vm = SystemRuns.Vm(seed, loadDriver: false, types: [FilesystemTypes.Ext4]);
            SystemFilesystem fs = vm.Filesystems[0];
            SimOperation<Errno> write = vm.Vfs.Write(fs.MountPath + "/f", 0, 42);
            vm.Scheduler.Spawn(write.Name, write);
            vm.Scheduler.Run();
            Assert.That(write.Result, Is.EqualTo(Errno.None), why);

            fs.Disk.Block();
            SimOperation<Errno> sync = vm.Vfs.Syncfs(fs.SuperBlock);
            vm.Scheduler.Spawn(sync.Name, sync);
            vm.Scheduler.RunFor(TimeSpan.FromMilliseconds(50));
            Assert.That((sync.IsDone, fs.Disk.WaitingCount > 0, fs.Disk.IsDrained), Is.EqualTo((false, true, true)), "held back, not in flight; " + why);
            Assert.That(fs.Examine(fs.Disk.CopyImage()).Data.ContainsKey(new PageKey("/f", 0)), Is.False, "a copy now misses the page; " + why);

            fs.Disk.Resume();
            vm.Scheduler.Run();
            Assert.That(sync.IsDone && sync.Result == Errno.None, Is.True, why);
            OnDiskImage image = fs.Examine(fs.Disk.CopyImage());
            Assert.That((image.Data[new PageKey("/f", 0)], image.JournalTransactions), Is.EqualTo((42L, 1)), "after resume the page and its commit are on the host's disk; " + why);
        }
    }
}
