using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>
    /// A loop device writes its blocks as buffered writes to the image file (drivers/block/loop.c lo_rw_aio, notes
    /// §1.8): the lower filesystem's rules apply to them.
    /// </summary>
    public sealed class LoopDeviceTests
    {
        [Test]
        public void Writeback_IntoAnImageOnAReadOnlyLower_FailsWithErofs()
        {
            var world = new World();
            world.MountDisk(FilesystemTypes.Ext4, "/", 1, new MountOptions { ReadOnly = true });
            LoopDevice loop = world.Vfs.AttachLoop("/images/disk.img").Device!;
            SuperBlock upper = world.Vfs.Mount(FilesystemTypes.Ext2, loop, "/mnt").Mount!.SuperBlock;
            Assert.That(world.Call(world.Vfs.Write("/mnt/f", 0, 1)), Is.EqualTo(Errno.None), "the page cache takes it");
            Assert.That(world.Call(world.Vfs.SyncFilesystem(upper)), Is.EqualTo(Errno.EROFS));
            Assert.That(upper.PageCache.DirtyCount, Is.EqualTo(1));
            Assert.That(loop.WriteCount, Is.EqualTo(1), "one block was tried");
        }

        [Test]
        public void EachBlock_IsAPageOfTheImageFile()
        {
            var world = new World();
            SuperBlock lower = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            LoopDevice loop = world.Vfs.AttachLoop("/images/disk.img").Device!;
            Assert.That(loop.ReadPersistent(OnDiskLayout.FirstDataBlock), Is.Null, "never written");
            Assert.That(world.Call(loop.Write(OnDiskLayout.FirstDataBlock, 77)), Is.EqualTo(Errno.None));
            Assert.That(lower.PageCache.Read(new PageKey("/images/disk.img", OnDiskLayout.FirstDataBlock)), Is.EqualTo(77));
            Assert.That(loop.ReadPersistent(OnDiskLayout.FirstDataBlock), Is.Null, "in the lower page cache, not yet on its disk");
            Assert.That(world.Call(world.Vfs.SyncFilesystem(lower)), Is.EqualTo(Errno.None));
            Assert.That(loop.ReadPersistent(OnDiskLayout.FirstDataBlock), Is.EqualTo(77));
            Assert.That((loop.WriteCount, loop.ToString()), Is.EqualTo((1L, "/dev/loop0(7:0)")));
        }

        [Test]
        public void AFilesystemOnALoopDevice_HasItsSuperBlockWrittenByTheFirstSync()
        {
            // A loop device cannot write at mount time (it writes through the lower filesystem), so fill_super's
            // superblock write waits for the first sync.
            var world = new World();
            SuperBlock lower = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            LoopDevice loop = world.Vfs.AttachLoop("/images/disk.img").Device!;
            SuperBlock upper = world.Vfs.Mount(FilesystemTypes.Ext4, loop, "/mnt").Mount!.SuperBlock;
            Assert.That(loop.WriteCount, Is.Zero);
            Assert.That(world.Call(world.Vfs.SyncFilesystem(upper)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.SyncFilesystem(lower)), Is.EqualTo(Errno.None));
            Assert.That(OnDiskLayout.Flags(loop.ReadPersistent(OnDiskLayout.SuperBlock)!.Value), Is.EqualTo(OnDiskFlags.NeedsRecovery));
        }
    }
}
