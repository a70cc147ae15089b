using System.Collections.Generic;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>
    /// What a host snapshot of the disks holds for a superblock (the yardstick of FF-DRV-23 and of the demo's
    /// consistency table): decoding the blocks, and the verdicts derived from the decoded state.
    /// </summary>
    public sealed class OnDiskImageTests
    {
        private static readonly PageKey A = new("/a", 0);

        [TestCase(OnDiskFlags.None, 0, false, true, true, true)]
        [TestCase(OnDiskFlags.NeedsRecovery, 0, true, true, true, true)]
        [TestCase(OnDiskFlags.None, 2, true, true, false, false)]
        [TestCase(OnDiskFlags.MidUpdate, 0, false, false, false, false)]
        [TestCase(OnDiskFlags.NotClean, 0, false, true, true, false)]
        [TestCase(OnDiskFlags.NotClean | OnDiskFlags.MidUpdate, 0, false, false, false, false)]
        public void Verdicts_FollowTheFlagsAndTheJournal(OnDiskFlags flags, int journal, bool needsRecovery, bool consistent, bool readable, bool quiesced)
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            var image = new OnDiskImage(sb, true, new Dictionary<PageKey, long> { [A] = 1 }, System.Array.Empty<PageKey>(), flags, journal, 3);
            Assert.That((image.NeedsRecovery, image.Consistent, image.ReadableWithoutReplay, image.Quiesced), Is.EqualTo((needsRecovery, consistent, readable, quiesced)));
        }

        [Test]
        public void AMissingPage_IsNotQuiesced_ButStillReadable()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            var image = new OnDiskImage(sb, true, new Dictionary<PageKey, long>(), new[] { A }, OnDiskFlags.None, 0, 0);
            Assert.That((image.ReadableWithoutReplay, image.Quiesced), Is.EqualTo((true, false)));
        }

        [Test]
        public void DecodeImage_OfABlankDisk_HasNoFlags_NoJournal_AndMissesEveryPage()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            var map = new Dictionary<PageKey, long> { [A] = OnDiskLayout.FirstDataBlock };
            var app = new Dictionary<PageKey, long> { [A] = 5 };
            OnDiskImage image = VirtualFileSystem.DecodeImage(sb, static _ => null, map, app);
            Assert.That((image.HasDevice, image.Flags, image.Generation, image.JournalTransactions), Is.EqualTo((true, OnDiskFlags.None, 0L, 0)));
            Assert.That(image.Data, Is.Empty);
            Assert.That(image.NotOnDisk, Is.EqualTo(new[] { A }));
            Assert.That(image.SuperBlock, Is.SameAs(sb));
        }

        [Test]
        public void DecodeImage_ReadsTheSuperBlock_TheJournalOfJournaledTypesOnly_AndComparesValues()
        {
            var world = new World();
            SuperBlock ext4 = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            SuperBlock ext2 = world.MountDisk(FilesystemTypes.Ext2, "/old", 2);
            var b = new PageKey("/b", 0);
            var c = new PageKey("/c", 0);
            var map = new Dictionary<PageKey, long> { [A] = 16, [b] = 17, [c] = 18 };
            var app = new Dictionary<PageKey, long> { [b] = 20, [A] = 10, [c] = 30 };
            long? Read(long block) => block switch
            {
                OnDiskLayout.SuperBlock => OnDiskLayout.EncodeSuper(OnDiskFlags.NeedsRecovery | OnDiskFlags.NotClean, 7),
                OnDiskLayout.Journal => 3,
                16 => 10,
                17 => 21,
                _ => null,
            };

            OnDiskImage image = VirtualFileSystem.DecodeImage(ext4, Read, map, app);
            Assert.That((image.Flags, image.Generation, image.JournalTransactions), Is.EqualTo((OnDiskFlags.NeedsRecovery | OnDiskFlags.NotClean, 7L, 3)));
            Assert.That(image.Data, Is.EqualTo(new Dictionary<PageKey, long> { [A] = 10, [b] = 21 }));
            Assert.That(image.NotOnDisk, Is.EqualTo(new[] { b, c }), "b holds an older value, c is not on disk; in page order");
            Assert.That(VirtualFileSystem.DecodeImage(ext2, Read, map, app).JournalTransactions, Is.Zero, "ext2 has no journal to read");
        }

        [Test]
        public void DecodeImage_RefusesNullArguments()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            var empty = new Dictionary<PageKey, long>();
            Assert.That(() => VirtualFileSystem.DecodeImage(null!, static _ => null, empty, empty), Throws.ArgumentNullException);
            Assert.That(() => VirtualFileSystem.DecodeImage(sb, null!, empty, empty), Throws.ArgumentNullException);
            Assert.That(() => VirtualFileSystem.DecodeImage(sb, static _ => null, null!, empty), Throws.ArgumentNullException);
            Assert.That(() => VirtualFileSystem.DecodeImage(sb, static _ => null, empty, null!), Throws.ArgumentNullException);
            Assert.That(() => VirtualFileSystem.OnDiskImage(null!), Throws.ArgumentNullException);
            Assert.That(() => VirtualFileSystem.PersistedBlockMap(null!), Throws.ArgumentNullException);
        }

        [Test]
        public void ADevicelessFilesystem_HasNoImage_AndEveryWrittenPageIsMissing_InPageOrder()
        {
            var world = new World();
            SuperBlock sb = world.MountPseudo(FilesystemTypes.Tmpfs, "/run");
            Assert.That(world.Call(world.Vfs.Write("/run/b", 0, 1)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.Write("/run/a", 1, 2)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.Write("/run/a", 0, 3)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.SyncFilesystem(sb)), Is.EqualTo(Errno.None), "nothing to write back to");
            OnDiskImage image = VirtualFileSystem.OnDiskImage(sb);
            Assert.That((image.HasDevice, image.Flags, image.Generation, image.JournalTransactions), Is.EqualTo((false, OnDiskFlags.None, 0L, 0)));
            Assert.That(image.Data, Is.Empty);
            Assert.That(image.NotOnDisk, Is.EqualTo(new[] { new PageKey("/a", 0), new PageKey("/a", 1), new PageKey("/b", 0) }));
            Assert.That(sb.PageCache.DirtyCount, Is.EqualTo(3), "tmpfs pages stay in memory");
        }

        [Test]
        public void ALoopImageOnTmpfs_IsInNoDiskSnapshot_ThoughItsFilesystemFroze()
        {
            var world = new World();
            world.MountPseudo(FilesystemTypes.Tmpfs, "/tmp");
            LoopDevice loop = world.Vfs.AttachLoop("/tmp/disk.img").Device!;
            SuperBlock upper = world.Vfs.Mount(FilesystemTypes.Ext4, loop, "/mnt").Mount!.SuperBlock;
            Assert.That(world.Call(world.Vfs.Write("/mnt/f", 0, 3)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.FreezeSuper(upper, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(loop.WriteCount, Is.GreaterThan(0));
            OnDiskImage image = VirtualFileSystem.OnDiskImage(upper);
            Assert.That((image.Flags, image.Data.Count, image.NotOnDisk), Is.EqualTo((OnDiskFlags.None, 0, new[] { new PageKey("/f", 0) })));
            Assert.That(loop.ReadPersistent(OnDiskLayout.SuperBlock), Is.Null);
        }

        [Test]
        public void ALoopImage_ShowsInTheSnapshot_OnlyOnceTheLowerFilesystemWroteItBack()
        {
            var world = new World();
            SuperBlock lower = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            LoopDevice loop = world.Vfs.AttachLoop("/images/disk.img").Device!;
            SuperBlock upper = world.Vfs.Mount(FilesystemTypes.Ext4, loop, "/mnt").Mount!.SuperBlock;
            Assert.That(world.Call(world.Vfs.Write("/mnt/f", 0, 3)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.SyncFilesystem(upper)), Is.EqualTo(Errno.None));
            Assert.That(VirtualFileSystem.OnDiskImage(upper).Data, Is.Empty, "the image file's pages are dirty in the lower page cache");
            Assert.That(world.Call(world.Vfs.SyncFilesystem(lower)), Is.EqualTo(Errno.None));
            Assert.That(VirtualFileSystem.OnDiskImage(upper).Data[new PageKey("/f", 0)], Is.EqualTo(3));
            Assert.That(lower.PageCache.Read(new PageKey("/images/disk.img", OnDiskLayout.SuperBlock)), Is.EqualTo(loop.ReadPersistent(OnDiskLayout.SuperBlock)));
        }
    }
}
