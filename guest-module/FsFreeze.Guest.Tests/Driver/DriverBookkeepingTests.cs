using System;
using System.Linq;
using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;

namespace FsFreeze.Guest.Tests.Driver
{
    /// <summary>
    /// The driver's held set, seen from inside: what it holds, in which order, with which references, and how a
    /// failed thaw stays held until the retry (FF-DRV-15, FF-DRV-24, FF-DRV-25, FF-DRV-27).
    /// </summary>
    public sealed class DriverBookkeepingTests
    {
        [Test]
        public void HeldSet_IsTheFreezableSuperblocksNewestFirst_AndThawReleasesTheirReferences()
        {
            var world = new DriverWorld();
            SuperBlock root = world.World.MountDisk(FilesystemTypes.Ext4, "/", 1);
            world.World.MountPseudo(FilesystemTypes.Proc, "/proc");
            SuperBlock data = world.World.MountDisk(FilesystemTypes.Xfs, "/data", 2);
            int rootActive = root.ActiveReferences;
            int dataActive = data.ActiveReferences;

            Assert.That(world.Freeze(), Is.EqualTo(ReplyStatus.Ok));
            Assert.Multiple(() =>
            {
                Assert.That(world.Driver.HeldSuperBlocks, Is.EqualTo(new[] { data, root }));
                Assert.That(world.Driver.State, Is.EqualTo(GuestFreezeState.Frozen));
                Assert.That(world.Driver.DeadlineDue, Is.Not.Null);
                Assert.That(root.ActiveReferences, Is.GreaterThan(rootActive), "the walk's reference is kept while held");
            });

            Assert.That(world.Thaw(), Is.EqualTo(ReplyStatus.Ok));
            Assert.Multiple(() =>
            {
                Assert.That(world.Driver.HeldSuperBlocks, Is.Empty);
                Assert.That(world.Driver.DeadlineDue, Is.Null, "FF-DRV-24: the deadline is cancelled");
                Assert.That(root.ActiveReferences, Is.EqualTo(rootActive));
                Assert.That(data.ActiveReferences, Is.EqualTo(dataActive));
            });
        }

        [Test]
        public void AFailedThaw_StaysHeld_WithARetryArmed_ThatThawsItLater()
        {
            var world = new DriverWorld();
            SuperBlock root = world.World.MountDisk(FilesystemTypes.Ext4, "/", 1);
            SuperBlock data = world.World.MountDisk(FilesystemTypes.Ext4, "/data", 2);
            Assert.That(world.Freeze(), Is.EqualTo(ReplyStatus.Ok));
            data.Faults.FailUnfreezeFs(Errno.EIO);

            Assert.That(world.Thaw(), Is.EqualTo(ReplyStatus.Failed));
            Assert.Multiple(() =>
            {
                Assert.That(world.Driver.HeldSuperBlocks, Is.EqualTo(new[] { data }), "FF-DRV-25: kept held, the others thawed");
                Assert.That(root.IsFrozen, Is.False);
                Assert.That(world.Driver.DeadlineDue, Is.Not.Null, "a retry is armed");
            });

            world.World.Scheduler.RunFor(TimeSpan.FromMinutes(1));
            Assert.Multiple(() =>
            {
                Assert.That(world.Driver.HeldSuperBlocks, Is.Empty, "the retry thawed it");
                Assert.That(data.IsFrozen, Is.False);
                Assert.That(world.Driver.State, Is.EqualTo(GuestFreezeState.Thawed));
            });
        }

        [Test]
        public void AHeldSuperblockUnmountedWhileFrozen_IsThawedAndThenShutDown()
        {
            var world = new DriverWorld();
            world.World.MountDisk(FilesystemTypes.Ext4, "/", 1);
            SuperBlock data = world.World.MountDisk(FilesystemTypes.Ext4, "/data", 2);
            Assert.That(world.Freeze(), Is.EqualTo(ReplyStatus.Ok));
            Assert.That(world.World.Vfs.Unmount("/data"), Is.EqualTo(Errno.None));
            Assert.That(data.Dying, Is.False, "held by the driver's reference");
            Assert.That(world.Driver.HeldSuperBlocks, Does.Contain(data));

            Assert.That(world.Thaw(), Is.EqualTo(ReplyStatus.Ok));
            world.World.Scheduler.RunUntilIdle();
            Assert.Multiple(() =>
            {
                Assert.That(data.IsFrozen, Is.False);
                Assert.That(data.Dying, Is.True, "the driver's reference was the last one");
                Assert.That(world.World.Vfs.SuperBlocks.Any(sb => sb == data), Is.False);
            });
        }
    }
}
