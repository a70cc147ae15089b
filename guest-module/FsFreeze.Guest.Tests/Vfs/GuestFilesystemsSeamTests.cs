using System.Collections.Generic;
using System.Linq;
using FsFreeze.Guest.Filesystems;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>
    /// The model as the driver sees it through <see cref="IGuestFilesystems"/>: the walk (FF-DRV-15, FF-DRV-16), the
    /// superblock of a mount path (FF-DRV-18), freeze and thaw with a holder, the counts a thaw is judged by, and the
    /// flags that fill a reply entry (FF-DRV-17, FF-DRV-22).
    /// </summary>
    public sealed class GuestFilesystemsSeamTests
    {
        [Test]
        [Category("FF-DRV-15")]
        [Category("FF-DRV-16")]
        public void Walk_IsNewestFirst_OnceEach_AndTakesAReferenceThatIsReleasedOnce()
        {
            var world = new World();
            SuperBlock root = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            SuperBlock proc = world.MountPseudo(FilesystemTypes.Proc, "/proc");
            SuperBlock data = world.MountDisk(FilesystemTypes.Xfs, "/data", 2);
            world.Vfs.BindMount("/data/www", "/srv");
            int dataActive = data.ActiveReferences;
            IGuestFilesystems fs = world.Vfs;

            IReadOnlyList<ISuperBlockReference> refs = fs.GrabSuperBlocksNewestFirst();
            Assert.That(refs.Select(static r => r.SuperBlock), Is.EqualTo(new IGuestSuperBlock[] { data, proc, root }));
            Assert.That(data.ActiveReferences, Is.EqualTo(dataActive + 1));
            Assert.That(refs[0].ToString(), Is.EqualTo(data.ToString()));

            ISuperBlockReference first = refs[0];
            Assert.That(first.IsReleased, Is.False);
            first.Release();
            first.Release();
            Assert.That((first.IsReleased, data.ActiveReferences), Is.EqualTo((true, dataActive)), "a second release does nothing");
        }

        [Test]
        public void Walk_Filter_ChoosesWhichSuperBlocksAreReferenced()
        {
            var world = new World();
            SuperBlock root = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            SuperBlock proc = world.MountPseudo(FilesystemTypes.Proc, "/proc");
            int procActive = proc.ActiveReferences;
            IReadOnlyList<SuperBlockReference> refs = world.Vfs.GrabSuperBlocksNewestFirst(static s => !s.Type.IsPseudo);
            Assert.That(refs.Select(static r => r.SuperBlock), Is.EqualTo(new[] { root }));
            Assert.That(proc.ActiveReferences, Is.EqualTo(procActive), "a filtered-out superblock is not referenced");
        }

        [Test]
        [Category("FF-DRV-18")]
        public void SuperBlockAt_IsTheMountPointsSuperBlock_OrNull()
        {
            var world = new World();
            SuperBlock data = world.MountDisk(FilesystemTypes.Ext4, "/data", 1);
            world.Vfs.BindMount("/data/www", "/srv");
            IGuestFilesystems fs = world.Vfs;
            Assert.That(fs.SuperBlockAt("/data"), Is.SameAs(data));
            Assert.That(fs.SuperBlockAt("/srv"), Is.SameAs(data));
            Assert.That(fs.SuperBlockAt("/data/www"), Is.Null, "a directory inside a mount is not a mount point");
            Assert.That(fs.Scheduler, Is.SameAs(world.Scheduler));
        }

        [Test]
        [Category("FF-DRV-22")]
        public void FreezeAndThaw_ThroughTheInterface_AndTheCountsEachHolderHas()
        {
            var world = new World();
            SuperBlock sb = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            IGuestFilesystems fs = world.Vfs;
            IGuestSuperBlock guest = sb;
            Assert.That(world.Call(world.Vfs.IoctlFreeze("/")), Is.EqualTo(Errno.None));
            Assert.That(guest.UserFrozen, Is.True);
            Assert.That(world.Call(fs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(fs.FreezeSuper(sb, FreezeHolder.Kernel | FreezeHolder.MayNest)), Is.EqualTo(Errno.None));
            Assert.That((fs.FreezeCount(sb, FreezeHolder.Kernel), fs.FreezeCount(sb, FreezeHolder.Userspace)), Is.EqualTo((2, 1)));
            Assert.That(fs.FreezeCount(sb, FreezeHolder.Kernel | FreezeHolder.MayNest), Is.EqualTo(2));

            Assert.That(world.Call(fs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL), "holds remain");
            Assert.That(world.Call(fs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL));
            Assert.That((fs.FreezeCount(sb, FreezeHolder.Kernel), sb.IsFrozen), Is.EqualTo((0, true)));
            Assert.That(world.Call(world.Vfs.IoctlThaw("/")), Is.EqualTo(Errno.None));
            Assert.That((guest.UserFrozen, sb.IsFrozen), Is.EqualTo((false, false)));
        }

        [Test]
        public void ASuperBlockOfAnotherBackend_IsRefusedWithEinval_AndHasNoCounts()
        {
            var world = new World();
            IGuestFilesystems fs = world.Vfs;
            var foreign = new ForeignSuperBlock();
            Assert.That(world.Call(fs.FreezeSuper(foreign, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL));
            Assert.That(world.Call(fs.ThawSuper(foreign, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL));
            Assert.That(fs.FreezeCount(foreign, FreezeHolder.Kernel), Is.Zero);
            Assert.That(fs.FreezeCount(foreign, FreezeHolder.Userspace), Is.Zero);
        }

        [Test]
        [Category("FF-DRV-17")]
        public void EntryFlags_TypeName_BlockDevice_OwnFreeze()
        {
            var world = new World();
            IGuestSuperBlock ext4 = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            IGuestSuperBlock vfat = world.MountDisk(FilesystemTypes.Vfat, "/boot/efi", 2);
            IGuestSuperBlock tmpfs = world.MountPseudo(FilesystemTypes.Tmpfs, "/tmp");
            Assert.That((ext4.TypeName, ext4.OnBlockDevice, ext4.TypeHasOwnFreeze, ext4.ReadOnly, ext4.UserFrozen), Is.EqualTo(("ext4", true, true, false, false)));
            Assert.That((vfat.TypeName, vfat.OnBlockDevice, vfat.TypeHasOwnFreeze), Is.EqualTo(("vfat", true, false)));
            Assert.That((tmpfs.TypeName, tmpfs.OnBlockDevice, tmpfs.TypeHasOwnFreeze), Is.EqualTo(("tmpfs", false, false)));
        }

        [Test]
        [Category("FF-DRV-15")]
        [Category("FF-DRV-24")]
        public void CallObserver_SeesEveryFreezeAndThaw_InCallOrder_WithItsHolder()
        {
            var world = new World();
            SuperBlock a = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            SuperBlock b = world.MountDisk(FilesystemTypes.Xfs, "/data", 2);
            var calls = new List<FreezeCall>();
            world.Vfs.CallObserver = calls.Add;
            Assert.That(world.Call(world.Vfs.FreezeSuper(b, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.FreezeSuper(a, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(world.Call(world.Vfs.IoctlThaw("/")), Is.EqualTo(Errno.EINVAL));
            Assert.That(world.Call(world.Vfs.ThawSuper(a, FreezeHolder.None)), Is.EqualTo(Errno.EINVAL));
            Assert.That(calls, Is.EqualTo(new[]
            {
                new FreezeCall(true, b, FreezeHolder.Kernel),
                new FreezeCall(true, a, FreezeHolder.Kernel),
                new FreezeCall(false, a, FreezeHolder.Userspace),
                new FreezeCall(false, a, FreezeHolder.None),
            }));
            world.Vfs.CallObserver = null;
            Assert.That(world.Call(world.Vfs.ThawSuper(a, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(calls, Has.Count.EqualTo(4));
        }

        /// <summary>A superblock of some other backend (the real-Linux one, say).</summary>
        private sealed class ForeignSuperBlock : IGuestSuperBlock
        {
            public DeviceNumber Dev => new(8, 1);

            public string TypeName => "ext4";

            public bool ReadOnly => false;

            public bool OnBlockDevice => true;

            public bool TypeHasOwnFreeze => true;

            public bool UserFrozen => false;
        }
    }
}
