using System;
using System.Linq;
using FsFreeze.Device.Host;
using FsFreeze.Guest.Filesystems;
using FsFreeze.Guest.Linux;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Simulation;

namespace FsFreeze.RealKernel.Tests
{
    /// <summary>
    /// The real backend over a given mountinfo and a fake ioctl (no root needed): the allow-list is the only way in,
    /// bind mounts are one superblock, the walk is newest first, and the driver runs over it unchanged.
    /// </summary>
    public sealed class LinuxFilesystemsTests
    {
        private const string MountInfo = """
            22 27 0:21 / /proc rw,relatime - proc proc rw
            27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
            50 27 7:1 / /s/a rw,relatime - ext4 /dev/loop1 rw
            51 27 7:2 / /s/b rw,relatime - xfs /dev/loop2 rw
            52 27 7:1 / /s/a-bind rw,relatime - ext4 /dev/loop1 rw
            53 27 254:0 /tmp/s/dir /s/root-bind rw,relatime - ext4 /dev/vda rw
            54 27 0:40 / /s/t rw - tmpfs tmpfs rw
            55 27 7:3 / /s/ro ro,relatime - ext4 /dev/loop3 ro
            56 27 0:41 / /s/btr rw - btrfs /dev/loop4 rw
            """;

        private static LinuxFilesystems Backend(FakeIoctl ioctl, params string[] allowed) =>
            new(new Scheduler(1), new MountAllowList(allowed), () => MountInfo, ioctl);

        [Test]
        [Category("FF-DRV-16")]
        public void OnlyAllowListedSuperblocks_AreReturned_BindMountsCollapse_NewestFirst()
        {
            LinuxFilesystems fs = Backend(new FakeIoctl(), "/s/a", "/s/a-bind", "/s/b", "/s/ro", "/s/btr", "/s/t");
            var walk = fs.GrabSuperBlocksNewestFirst().Select(static r => (LinuxSuperBlock)r.SuperBlock).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(walk.Select(static sb => sb.MountPoints[0]), Is.EqualTo(new[] { "/s/btr", "/s/ro", "/s/t", "/s/b", "/s/a" }));
                Assert.That(walk.Last().MountPoints, Is.EqualTo(new[] { "/s/a", "/s/a-bind" }), "one superblock for 7:1");
                Assert.That(walk.Single(static sb => sb.TypeName == "ext4" && sb.ReadOnly).Dev, Is.EqualTo(new DeviceNumber(7, 3)));
                Assert.That(walk.Single(static sb => sb.TypeName == "btrfs").OnBlockDevice, Is.True, "anonymous s_dev, but on /dev/loop4");
                Assert.That(walk.Single(static sb => sb.TypeName == "tmpfs").OnBlockDevice, Is.False);
            });
        }

        [Test]
        public void ASuperblockWithAnyMountOutsideTheAllowList_IsNeverReturned()
        {
            // /s/root-bind shows the root filesystem (254:0): allowing the bind must not make the root freezable.
            LinuxFilesystems fs = Backend(new FakeIoctl(), "/s/a", "/s/root-bind");
            Assert.Multiple(() =>
            {
                Assert.That(fs.GrabSuperBlocksNewestFirst(), Is.Empty, "7:1 is also at /s/a-bind, 254:0 also at /");
                Assert.That(fs.SuperBlockAt("/s/root-bind"), Is.Null);
                Assert.That(fs.SuperBlockAt("/"), Is.Null);
            });
        }

        [Test]
        public void TheRootCanNeverBeAllowed()
        {
            Assert.That(() => new MountAllowList(["/"]), Throws.ArgumentException);
            Assert.That(() => new MountAllowList(["/tmp/.."]), Throws.ArgumentException);
            Assert.That(() => new MountAllowList([" "]), Throws.ArgumentException);
        }

        [Test]
        [Category("FF-DRV-22")]
        public void FreezeAndThaw_AreTheIoctlsOnTheFirstMountPoint_AndCountTheHold()
        {
            var ioctl = new FakeIoctl();
            LinuxFilesystems fs = Backend(ioctl, "/s/a", "/s/a-bind");
            IGuestSuperBlock sb = fs.GrabSuperBlocksNewestFirst().Single().SuperBlock;
            Assert.That(Run(fs.FreezeSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(fs.FreezeCount(sb, FreezeHolder.Kernel), Is.EqualTo(1));
            Assert.That(Run(fs.FreezeSuper(sb, FreezeHolder.Userspace)), Is.EqualTo(Errno.EBUSY));
            Assert.That(Run(fs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.None));
            Assert.That(Run(fs.ThawSuper(sb, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL));
            Assert.That(fs.FreezeCount(sb, FreezeHolder.Kernel), Is.Zero);
            Assert.That(Run(fs.FreezeSuper(sb, FreezeHolder.None)), Is.EqualTo(Errno.EINVAL), "a holder is one of KERNEL and USERSPACE");
            Assert.That(ioctl.Calls, Is.EqualTo(new[] { "freeze /s/a", "freeze /s/a", "thaw /s/a", "thaw /s/a" }));
        }

        [Test]
        public void ASuperblockOfAnotherBackend_IsRefused()
        {
            var ioctl = new FakeIoctl();
            LinuxFilesystems fs = Backend(ioctl, "/s/b");
            IGuestSuperBlock foreign = Backend(new FakeIoctl(), "/s/b").GrabSuperBlocksNewestFirst().Single().SuperBlock;
            Assert.That(Run(fs.FreezeSuper(foreign, FreezeHolder.Kernel)), Is.EqualTo(Errno.EINVAL));
            Assert.That(ioctl.Calls, Is.Empty);
        }

        [Test]
        [Category("FF-DRV-15")]
        [Category("FF-DRV-17")]
        [Category("FF-DRV-19")]
        public void TheDriver_RunsUnchangedOverTheBackend_AndRollsBackAFailedFreeze()
        {
            var ioctl = new FakeIoctl();
            var vm = new RealKernelVm(new MountAllowList(["/s/a", "/s/a-bind", "/s/b", "/s/t"]), () => MountInfo, ioctl);
            HostResult ok = vm.Complete(vm.Host.Freeze(30_000));
            Assert.That((ok.Status, ok.State, ok.Reply.FrozenCount, ok.Reply.SkippedCount), Is.EqualTo((ReplyStatus.Ok, GuestFreezeState.Frozen, 2u, 1u)), "tmpfs skipped");
            Assert.That(vm.Complete(vm.Host.Thaw()).Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.That(ioctl.Calls, Is.EqualTo(new[] { "freeze /s/b", "freeze /s/a", "thaw /s/a", "thaw /s/b" }));

            ioctl.Calls.Clear();
            ioctl.FailFreeze["/s/a"] = Errno.EIO;
            HostResult failed = vm.Complete(vm.Host.Freeze(30_000));
            Assert.That((failed.Status, failed.State), Is.EqualTo((ReplyStatus.Failed, GuestFreezeState.Thawed)));
            Assert.That(ioctl.Calls, Is.EqualTo(new[] { "freeze /s/b", "freeze /s/a", "thaw /s/b" }), "rolled back");
        }

        private static Errno Run(SimOperation<Errno> op)
        {
            using var enumerator = op.GetEnumerator();
            Assert.That(enumerator.MoveNext(), Is.False, "a real call completes without sleeping");
            return op.Result;
        }
    }
}
