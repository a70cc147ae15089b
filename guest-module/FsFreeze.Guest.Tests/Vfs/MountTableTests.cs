using System.Linq;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>
    /// The mount table: mount, bind mount, unmount, loop devices and path resolution, with the errors each returns
    /// (notes §1.7, §2: one superblock per device, several mounts may show it; freezing is per superblock).
    /// </summary>
    public sealed class MountTableTests
    {
        [Test]
        public void Mount_OfABlockType_WithoutADevice_OrAPseudoType_WithOne_IsEinval()
        {
            var world = new World();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vda", 253, 0);
            Assert.That(world.Vfs.Mount(FilesystemTypes.Ext4, null, "/"), Is.EqualTo((Errno.EINVAL, (Mount?)null)));
            Assert.That(world.Vfs.Mount(FilesystemTypes.Tmpfs, disk, "/tmp"), Is.EqualTo((Errno.EINVAL, (Mount?)null)));
            Assert.That(world.Vfs.SuperBlocks, Is.Empty);
            Assert.That(world.Vfs.Mounts, Is.Empty);
        }

        [Test]
        public void Mount_OnAPathAlreadyMounted_IsEinval_AndCreatesNothing()
        {
            var world = new World();
            SuperBlock first = world.MountDisk(FilesystemTypes.Ext4, "/data", 1);
            DiskDevice other = world.Vfs.AddDisk("/dev/vdc", 253, 2);
            Assert.That(world.Vfs.Mount(FilesystemTypes.Xfs, other, "/data").Error, Is.EqualTo(Errno.EINVAL));
            Assert.That(world.Vfs.Mount(FilesystemTypes.Tmpfs, null, "/data").Error, Is.EqualTo(Errno.EINVAL));
            Assert.That(world.Vfs.SuperBlocks, Is.EqualTo(new[] { first }));
            Assert.That(world.Vfs.FindMount("/data")!.SuperBlock, Is.SameAs(first));
        }

        [Test]
        public void SameDevice_MountedTwice_SharesOneSuperBlock_ButAnotherTypeIsEbusy()
        {
            // sget finds the superblock already on the device; a different type cannot open it (the holder differs).
            var world = new World();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16);
            SuperBlock sb = world.Vfs.Mount(FilesystemTypes.Ext4, disk, "/a").Mount!.SuperBlock;
            (Errno again, Mount? second) = world.Vfs.Mount(FilesystemTypes.Ext4, disk, "/b");
            Assert.That(again, Is.EqualTo(Errno.None));
            Assert.That(second!.SuperBlock, Is.SameAs(sb));
            Assert.That(sb.ActiveReferences, Is.EqualTo(2), "each mount holds an active reference");
            Assert.That(world.Vfs.Mount(FilesystemTypes.Xfs, disk, "/c"), Is.EqualTo((Errno.EBUSY, (Mount?)null)));
            Assert.That(sb.ActiveReferences, Is.EqualTo(2));
            Assert.That(world.Vfs.SuperBlocks, Has.Count.EqualTo(1));
        }

        [Test]
        public void SuperBlocks_AreListedOldestFirst_WithIncreasingIds_AndMountsInMountOrder()
        {
            var world = new World();
            SuperBlock a = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            SuperBlock b = world.MountPseudo(FilesystemTypes.Proc, "/proc");
            SuperBlock c = world.MountDisk(FilesystemTypes.Xfs, "/srv", 2);
            Assert.That(world.Vfs.SuperBlocks, Is.EqualTo(new[] { a, b, c }));
            Assert.That(new[] { a.Id, b.Id, c.Id }, Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(world.Vfs.Mounts.Select(static m => m.Id), Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(world.Vfs.Mounts.Select(static m => m.Path), Is.EqualTo(new[] { "/", "/proc", "/srv" }));
        }

        [Test]
        public void AnonymousDevices_AreDistinct_AndAllocatedInIncreasingOrder()
        {
            // get_anon_bdev hands out the lowest free minor of major 0: fresh mounts get increasing numbers.
            var world = new World();
            SuperBlock tmp = world.MountPseudo(FilesystemTypes.Tmpfs, "/tmp");
            SuperBlock proc = world.MountPseudo(FilesystemTypes.Proc, "/proc");
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16);
            SuperBlock btrfs = world.Vfs.Mount(FilesystemTypes.Btrfs, disk, "/data").Mount!.SuperBlock;
            Assert.That(new[] { tmp.Dev.Major, proc.Dev.Major, btrfs.Dev.Major }, Is.All.EqualTo(0u));
            Assert.That(proc.Dev.Minor, Is.GreaterThan(tmp.Dev.Minor));
            Assert.That(btrfs.Dev.Minor, Is.GreaterThan(proc.Dev.Minor));
            Assert.That(btrfs.Device, Is.SameAs(disk), "btrfs keeps its device though s_dev is anonymous");
        }

        [Test]
        public void ADiskSuperBlock_TakesTheDisksNumber()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 5);
            Assert.That(sb.Dev, Is.EqualTo(new DeviceNumber(253, 5)));
            Assert.That(sb.Dev.IsAnonymous, Is.False);
            Assert.That(sb.ToString(), Is.EqualTo("ext4(253:5)"));
            Assert.That(sb.Device!.ToString(), Is.EqualTo("/dev/vd5(253:5)"));
        }

        [Test]
        public void Subvolume_IsTheMountsRoot_WithSlashesTrimmed()
        {
            var world = new World();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16);
            Mount home = world.Vfs.Mount(FilesystemTypes.Btrfs, disk, "/home", new MountOptions { Subvolume = "/@home/" }).Mount!;
            Assert.That(home.Root, Is.EqualTo("/@home"));
            Assert.That(world.Vfs.Resolve("/home/u/f"), Is.EqualTo(((Mount?)home, "/@home/u/f")));
            Assert.That(world.Vfs.Resolve("/home"), Is.EqualTo(((Mount?)home, "/@home/")));
            Assert.That(home.ToString(), Is.EqualTo($"/home ({home.SuperBlock}, root /@home)"));
        }

        [Test]
        public void Resolve_TakesTheLongestMountPrefix_OnPathComponentBoundaries()
        {
            var world = new World();
            world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            world.MountDisk(FilesystemTypes.Xfs, "/data", 2);
            Mount root = world.Vfs.FindMount("/")!;
            Mount data = world.Vfs.FindMount("/data")!;

            Assert.That(world.Vfs.Resolve("/data/a/b"), Is.EqualTo(((Mount?)data, "/a/b")));
            Assert.That(world.Vfs.Resolve("/data"), Is.EqualTo(((Mount?)data, "/")));
            Assert.That(world.Vfs.Resolve("/data2/x"), Is.EqualTo(((Mount?)root, "/data2/x")), "/data2 is not under /data");
            Assert.That(world.Vfs.Resolve("/etc/fstab"), Is.EqualTo(((Mount?)root, "/etc/fstab")));
            Assert.That(world.Vfs.Resolve("/"), Is.EqualTo(((Mount?)root, "/")));
            Assert.That(world.Vfs.FindMount("/data/a"), Is.Null, "FindMount wants the mount point itself");
        }

        [Test]
        public void Resolve_WithoutARootMount_FindsNothingOutsideTheMounts()
        {
            var world = new World();
            world.MountDisk(FilesystemTypes.Ext4, "/data", 1);
            Assert.That(world.Vfs.Resolve("/etc/fstab"), Is.EqualTo(((Mount?)null, string.Empty)));
            Assert.That(world.Vfs.Resolve("/datafile"), Is.EqualTo(((Mount?)null, string.Empty)));
            Assert.That(world.Vfs.Resolve("data/x").Mount, Is.Null, "a relative path names no mount");
            Assert.That(world.Call(world.Vfs.Write("/etc/fstab", 0, 1)), Is.EqualTo(Errno.ENOENT));
            Assert.That(world.Call(world.Vfs.PageFaultWrite("/etc/fstab", 0, 1)), Is.EqualTo(Errno.ENOENT));
            Assert.That(world.Call(world.Vfs.IoctlThaw("/etc")), Is.EqualTo(Errno.ENOENT));
        }

        [Test]
        public void BindMount_OfAMissingSource_IsEnoent_OntoAMountedTarget_IsEinval()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/data", 1);
            world.MountPseudo(FilesystemTypes.Tmpfs, "/tmp");
            int active = sb.ActiveReferences;
            Assert.That(world.Vfs.BindMount("/nowhere/x", "/srv"), Is.EqualTo((Errno.ENOENT, (Mount?)null)));
            Assert.That(world.Vfs.BindMount("/data/www", "/tmp"), Is.EqualTo((Errno.EINVAL, (Mount?)null)));
            Assert.That(sb.ActiveReferences, Is.EqualTo(active));
            Assert.That(world.Vfs.Mounts, Has.Count.EqualTo(2));
        }

        [Test]
        public void BindMount_ShowsTheSubtree_KeepsTheSourcesReadOnlyFlag_AndTakesAReference()
        {
            var world = new World();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16);
            SuperBlock sb = world.Vfs.Mount(FilesystemTypes.Ext4, disk, "/data").Mount!.SuperBlock;
            Mount ro = world.Vfs.Mount(FilesystemTypes.Ext4, disk, "/ro", new MountOptions { ReadOnly = true }).Mount!;
            Assert.That((ro.ReadOnly, sb.ReadOnly), Is.EqualTo((true, false)), "a read-only mount of a writable superblock");
            Assert.That(world.Call(world.Vfs.Write("/ro/x", 0, 1)), Is.EqualTo(Errno.EROFS));
            Assert.That(sb.PageCache.Count, Is.Zero);

            Mount bind = world.Vfs.BindMount("/ro/www", "/srv").Mount!;
            Assert.That((bind.ReadOnly, bind.Root, bind.SuperBlock), Is.EqualTo((true, "/www", sb)));
            Assert.That(sb.ActiveReferences, Is.EqualTo(3));
            Assert.That(world.Call(world.Vfs.Write("/srv/index", 0, 1)), Is.EqualTo(Errno.EROFS));

            Mount whole = world.Vfs.BindMount("/data", "/mirror").Mount!;
            Assert.That(whole.Root, Is.EqualTo("/"));
            Assert.That(world.Vfs.Resolve("/mirror/x"), Is.EqualTo(((Mount?)whole, "/x")));
        }

        [Test]
        public void Unmount_OfAPathThatIsNoMount_IsEinval()
        {
            var world = new World();
            world.MountDisk(FilesystemTypes.Ext4, "/data", 1);
            Assert.That(world.Vfs.Unmount("/data/sub"), Is.EqualTo(Errno.EINVAL));
            Assert.That(world.Vfs.Mounts, Has.Count.EqualTo(1));
        }

        [Test]
        public void Unmount_WhileABindMountRemains_KeepsTheSuperBlockAlive()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/data", 1);
            world.Vfs.BindMount("/data/www", "/srv");
            Assert.That(world.Vfs.Unmount("/data"), Is.EqualTo(Errno.None));
            Assert.That((sb.Dying, sb.ActiveReferences), Is.EqualTo((false, 1)));
            Assert.That(world.Vfs.SuperBlocks, Does.Contain(sb));
            Assert.That(world.Call(world.Vfs.Write("/srv/index", 0, 2)), Is.EqualTo(Errno.None));
        }

        [Test]
        public void LastUnmount_KillsTheSuperBlock_WritesItBack_AndTheDeviceMountsAFreshOne()
        {
            var world = new World();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16);
            SuperBlock sb = world.Vfs.Mount(FilesystemTypes.Ext4, disk, "/data").Mount!.SuperBlock;
            Assert.That(world.Call(world.Vfs.Write("/data/f", 0, 9)), Is.EqualTo(Errno.None));
            Assert.That(world.Vfs.Unmount("/data"), Is.EqualTo(Errno.None));
            Assert.That((sb.Dying, sb.ActiveReferences), Is.EqualTo((true, 0)));
            Assert.That(world.Vfs.SuperBlocks, Is.Empty);
            world.Scheduler.Run();
            Assert.That(VirtualFileSystem.OnDiskImage(sb).Data[new PageKey("/f", 0)], Is.EqualTo(9), "kill_sb syncs the filesystem");

            SuperBlock again = world.Vfs.Mount(FilesystemTypes.Xfs, disk, "/data").Mount!.SuperBlock;
            Assert.That(again, Is.Not.SameAs(sb), "the dead superblock no longer owns the device");
            Assert.That(again.Type, Is.EqualTo(FilesystemTypes.Xfs));
        }

        [Test]
        public void ADyingSuperBlock_IsKilledOnce_EvenIfAFreezeTouchesIt()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/data", 1);
            Assert.That(world.Vfs.Unmount("/data"), Is.EqualTo(Errno.None));
            world.Scheduler.Run();
            int kills = world.Events("spawn").Count(static e => e.Contains("kill_sb", System.StringComparison.Ordinal));
            Assert.That(kills, Is.EqualTo(1));

            // freeze_super takes and drops an active reference on the dead superblock: it answers EINVAL and the
            // reference it drops must not shut the superblock down a second time.
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL));
            Assert.That(world.Events("spawn").Count(static e => e.Contains("kill_sb", System.StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(sb.ActiveReferences, Is.Zero);
        }

        [Test]
        public void AttachLoop_OnAMissingFile_IsEnoent_AndLoopDevicesAreNumberedInOrder()
        {
            var world = new World();
            Assert.That(world.Vfs.AttachLoop("/images/a.img"), Is.EqualTo((Errno.ENOENT, (LoopDevice?)null)));
            SuperBlock lower = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            int active = lower.ActiveReferences;
            LoopDevice first = world.Vfs.AttachLoop("/images/a.img").Device!;
            LoopDevice second = world.Vfs.AttachLoop("/images/b.img").Device!;
            Assert.That((first.Name, first.Number), Is.EqualTo(("/dev/loop0", new DeviceNumber(DeviceNumber.LoopMajor, 0))));
            Assert.That((second.Name, second.Number), Is.EqualTo(("/dev/loop1", new DeviceNumber(DeviceNumber.LoopMajor, 1))));
            Assert.That((first.Backing, first.ImageFile), Is.EqualTo((lower, "/images/a.img")));
            Assert.That(lower.ActiveReferences, Is.EqualTo(active + 2), "each open image file pins its superblock");
        }

        [Test]
        public void NullArguments_AreArgumentNullExceptions()
        {
            var world = new World();
            Assert.That(() => world.Vfs.Mount(null!, null, "/"), Throws.ArgumentNullException);
            world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            Assert.That(() => world.Vfs.Resolve(null!), Throws.ArgumentNullException);
            Assert.That(() => world.Vfs.AddDisk("/dev/vdz", 253, 9, null!), Throws.ArgumentNullException);
        }

        [Test]
        public void MountIds_AndRoots()
        {
            var world = new World();
            world.MountDisk(FilesystemTypes.Ext4, "/data", 1);
            Mount data = world.Vfs.FindMount("/data")!;
            Mount bind = world.Vfs.BindMount("/data/www", "/srv").Mount!;
            Mount bind2 = world.Vfs.BindMount("/data", "/mirror").Mount!;
            Assert.That(new[] { data.Id, bind.Id, bind2.Id }, Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(new[] { data.Root, bind.Root, bind2.Root }, Is.EqualTo(new[] { "/", "/www", "/" }));
        }

        [Test]
        public void AnErofsWrite_ReleasesItsLevel()
        {
            // mnt_want_write takes sb_start_write before it finds the mount read-only; the refusal must drop it.
            var world = new World();
            DiskDevice disk = world.Vfs.AddDisk("/dev/vdb", 253, 16);
            SuperBlock sb = world.Vfs.Mount(FilesystemTypes.Ext4, disk, "/data").Mount!.SuperBlock;
            world.Vfs.Mount(FilesystemTypes.Ext4, disk, "/ro", new MountOptions { ReadOnly = true });
            Assert.That(world.Call(world.Vfs.Write("/ro/x", 0, 1)), Is.EqualTo(Errno.EROFS));
            Assert.That(world.Call(world.Vfs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
        }
    }
}
