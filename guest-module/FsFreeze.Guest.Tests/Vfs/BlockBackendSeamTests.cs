using System.Collections.Generic;
using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>The seams a system simulation uses: a disk over a backend, syncfs, and decoding an image copy.</summary>
    public sealed class BlockBackendSeamTests
    {
        [Test]
        public void DiskWithBackend_WritebackWaitsForTheBackend_AndReadsComeFromIt()
        {
            var world = new World();
            var backend = new GatedBackend(world.Scheduler);
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16, backend);
            SuperBlock sb = world.Vfs.Mount(FilesystemTypes.Ext4, disk, "/").Mount!.SuperBlock;
            Assert.That(sb.Device, Is.SameAs(disk));
            Assert.That(world.Call(world.Vfs.Write("/a", 0, 7)), Is.EqualTo(Errno.None));

            SimOperation<Errno> sync = world.Start(world.Vfs.SyncFilesystem(sb));
            world.Scheduler.Run();
            Assert.That(sync.IsDone, Is.False, "the data write is in flight until the backend completes it");
            backend.Open();
            world.Scheduler.Run();
            Assert.That(sync.IsDone, Is.True);
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Data[new PageKey("/a", 0)], Is.EqualTo(7));
        }

        [Test]
        public void Syncfs_OnAFrozenBtrfs_CommitsNothing()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Btrfs, "/", 1);
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            long generation = sb.Generation;
            Assert.That(world.Call(world.Vfs.Syncfs(sb)), Is.EqualTo(Errno.None));
            Assert.That(sb.Generation, Is.EqualTo(generation));
            Assert.That(world.Call(world.Vfs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None), "btrfs_unfreeze finds the generation it froze at");
        }

        [Test]
        public void DecodeImage_OfTheLiveDevice_IsOnDiskImage()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Xfs, "/", 1);
            Assert.That(world.Call(world.Vfs.Write("/a", 0, 3)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.Syncfs(sb)), Is.EqualTo(Errno.None));
            OnDiskImage live = VirtualFileSystem.OnDiskImage(sb);
            OnDiskImage decoded = VirtualFileSystem.DecodeImage(sb, sb.Device!.ReadPersistent, VirtualFileSystem.PersistedBlockMap(sb), sb.PageCache.Snapshot());
            Assert.That((decoded.Flags, decoded.JournalTransactions, decoded.Generation, decoded.Data), Is.EqualTo((live.Flags, live.JournalTransactions, live.Generation, live.Data)));
        }

        /// <summary>A backend whose writes wait until the test opens it.</summary>
        private sealed class GatedBackend : IBlockBackend
        {
            private readonly Dictionary<long, long> blocks = new();
            private readonly WaitQueue gate = new("gate");
            private readonly Scheduler scheduler;
            private bool open;

            public GatedBackend(Scheduler scheduler) => this.scheduler = scheduler;

            public void Open()
            {
                open = true;
                gate.WakeAll();
            }

            public long? Read(long block) => blocks.TryGetValue(block, out long value) ? value : null;

            public bool TryWriteImmediate(long block, long value) => false;

            public SimOperation<Errno> Write(long block, long value) => new("gated", op => Body(op, block, value));

            private IEnumerable<Wait> Body(SimOperation<Errno> op, long block, long value)
            {
                while (!open)
                {
                    yield return gate;
                }

                blocks[block] = value;
                scheduler.Log($"gated write {block}={value}");
                op.Complete(Errno.None);
            }
        }
    }
}
