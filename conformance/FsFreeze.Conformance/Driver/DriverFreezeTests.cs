using System;
using System.Linq;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Simulation;

namespace FsFreeze.Conformance.Driver
{
    /// <summary>Requests, FREEZE and THAW behaviour of the driver, with the suite playing the device (FF-DRV-5, 8 to 26).</summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.Drivers))]
    public sealed class DriverFreezeTests
    {
        private readonly IDriverImplementation implementation;

        public DriverFreezeTests(IDriverImplementation implementation) => this.implementation = implementation;

        private DriverHarness Harness(ulong features = DriverHarness.AllFeatures, uint maxEntries = 64) =>
            new DriverHarness(implementation, offered: features, supported: features, config: new FsFreezeConfig(8192, maxEntries, 600_000)).Bound();

        /// <summary>A FREEZE kept in progress by an application that never prepares (notice 5 s).</summary>
        private static void StartSlowFreeze(DriverHarness harness, uint id)
        {
            harness.Driver.Register(new SimulatedApplication("never", harness.Scheduler, null));
            Assert.That(harness.Device.Send(FsFreezeRequest.Freeze(id, 60_000, 5_000).ToArray()), Is.True);
            harness.Scheduler.RunUntilIdle();
        }

        [Test]
        [Requirement("FF-DRV-8")]
        public void EveryRequestGetsOneReply_EchoingTypeAndId()
        {
            DriverHarness harness = Harness();
            harness.Mount(FilesystemTypes.Ext4, "/");
            FsFreezeReply a = harness.Freeze();
            FsFreezeReply b = harness.Status();
            FsFreezeReply c = harness.Thaw();
            Assert.Multiple(() =>
            {
                Assert.That(harness.Device.Messages, Has.Count.EqualTo(3));
                Assert.That(new[] { a.Type, b.Type, c.Type }, Is.EqualTo(new[] { ReplyType.Freeze, ReplyType.Status, ReplyType.Thaw }));
                Assert.That(new[] { a.RequestId, b.RequestId, c.RequestId }, Is.EqualTo(new uint[] { 1, 2, 3 }));
            });
        }

        [Test]
        [Requirement("FF-DRV-9")]
        public void FreezeOrThawDuringAFreeze_IsBusyAtOnce()
        {
            DriverHarness harness = Harness();
            harness.Mount(FilesystemTypes.Ext4, "/");
            StartSlowFreeze(harness, 100);
            TimeSpan before = harness.Scheduler.Clock.Now;
            FsFreezeReply busyFreeze = harness.Exchange(FsFreezeRequest.Freeze(101, 1000).ToArray())!.Value;
            FsFreezeReply busyThaw = harness.Exchange(FsFreezeRequest.Thaw(102).ToArray())!.Value;
            Assert.Multiple(() =>
            {
                Assert.That(busyFreeze.Status, Is.EqualTo(ReplyStatus.Busy));
                Assert.That(busyThaw.Status, Is.EqualTo(ReplyStatus.Busy));
                Assert.That(busyThaw.RequestId, Is.EqualTo(102u));
                Assert.That(harness.Scheduler.Clock.Now, Is.EqualTo(before), "answered without waiting");
            });
        }

        [Test]
        [Requirement("FF-DRV-10")]
        public void StatusDuringAFreeze_ReportsFreezing_AtOnce()
        {
            DriverHarness harness = Harness();
            harness.Mount(FilesystemTypes.Ext4, "/");
            StartSlowFreeze(harness, 100);
            FsFreezeReply status = harness.Exchange(FsFreezeRequest.Status(7).ToArray())!.Value;
            Assert.That(status.State, Is.EqualTo(GuestFreezeState.Freezing));
            Assert.That(status.Status, Is.EqualTo(ReplyStatus.Ok));
        }

        [Test]
        [Requirement("FF-DRV-13")]
        public void CompletionForABufferNeverPosted_IsIgnored()
        {
            DriverHarness harness = Harness();
            harness.Mount(FilesystemTypes.Ext4, "/");
            ushort size = harness.Registers.QueueSize[0];
            harness.Device.SendBogusCompletion(FsFreezeRequest.Freeze(9, 30_000).ToArray(), harness.Registers.UsedRing[0], size, forcedId: (uint)(size - 1), forcedLength: null);
            harness.Scheduler.Run(10_000);
            Assert.That(harness.KernelFrozen(), Is.Empty);
            Assert.That(harness.Device.Messages, Is.Empty);
        }

        [Test]
        [Requirement("FF-DRV-13")]
        public void CompletionLongerThanTheBuffer_IsIgnored_AndTheBufferReposted()
        {
            DriverHarness harness = Harness();
            harness.Mount(FilesystemTypes.Ext4, "/");
            int posted = harness.Device.AvailableRequestBuffers;
            harness.Device.SendBogusCompletion(FsFreezeRequest.Freeze(9, 30_000).ToArray(), harness.Registers.UsedRing[0], harness.Registers.QueueSize[0], forcedId: null, forcedLength: 1_000_000);
            harness.Scheduler.Run(10_000);
            Assert.Multiple(() =>
            {
                Assert.That(harness.KernelFrozen(), Is.Empty);
                Assert.That(harness.Device.Messages, Is.Empty);
                Assert.That(harness.Device.AvailableRequestBuffers, Is.EqualTo(posted));
            });
            Assert.That(harness.Status().Status, Is.EqualTo(ReplyStatus.Ok), "the driver still serves requests");
        }

        [Test]
        [Requirement("FF-DRV-14")]
        public void DeadlinePassingMidFreeze_RollsBack_AndAnswersDeadline()
        {
            DriverHarness harness = Harness();
            SuperBlock lower = harness.Mount(FilesystemTypes.Ext4, "/");
            (Errno _, LoopDevice? loop) = harness.Vfs.AttachLoop("/img");
            SuperBlock upper = harness.Vfs.Mount(FilesystemTypes.Ext4, loop, "/mnt").Mount!.SuperBlock;
            Run(harness, harness.Vfs.Write("/mnt/f", 0, 1));
            Run(harness, harness.Vfs.IoctlFreeze("/"));

            // The upper's writeback sleeps in the frozen lower until userspace thaws it, after the deadline.
            Assert.That(harness.Device.Send(FsFreezeRequest.Freeze(5, 1000).ToArray()), Is.True);
            harness.Scheduler.RunFor(TimeSpan.FromMilliseconds(1500));
            Assert.That(harness.Device.Messages, Is.Empty);
            harness.Scheduler.Spawn("fithaw", harness.Vfs.IoctlThaw("/"));
            FsFreezeReply reply = harness.RunUntilMessage(0)!.Value;
            Assert.Multiple(() =>
            {
                Assert.That(reply.Status, Is.EqualTo(ReplyStatus.Deadline));
                Assert.That(reply.FrozenCount, Is.Zero);
                Assert.That(upper.KernelFreezeCount + lower.KernelFreezeCount, Is.Zero);
            });
        }

        [Test]
        [Requirement("FF-DRV-15")]
        [Requirement("FF-DRV-24")]
        public void FreezesNewestFirst_ThawsInReverse()
        {
            DriverHarness harness = Harness();
            SuperBlock lower = harness.Mount(FilesystemTypes.Ext4, "/");
            (Errno _, LoopDevice? loop) = harness.Vfs.AttachLoop("/img");
            SuperBlock upper = harness.Vfs.Mount(FilesystemTypes.Xfs, loop, "/mnt").Mount!.SuperBlock;
            Run(harness, harness.Vfs.Write("/mnt/f", 0, 1));
            FsFreezeReply frozen = harness.Freeze();
            Assert.That(frozen.Entries.Select(static e => e.FsType), Is.EqualTo(new[] { "xfs", "ext4" }));
            Assert.That(frozen.FrozenCount, Is.EqualTo(2u));
            FsFreezeReply thawed = harness.Thaw();
            Assert.Multiple(() =>
            {
                Assert.That(thawed.Entries.Select(static e => e.FsType), Is.EqualTo(new[] { "ext4", "xfs" }), "bottom first");
                Assert.That(thawed.ThawedCount, Is.EqualTo(2u));
                Assert.That(thawed.State, Is.EqualTo(GuestFreezeState.Thawed));
                Assert.That(lower.IsFrozen || upper.IsFrozen, Is.False);
            });
        }

        [Test]
        [Requirement("FF-DRV-16")]
        public void BindMountedSuperblock_IsFrozenOnce()
        {
            DriverHarness harness = Harness();
            SuperBlock sb = harness.Mount(FilesystemTypes.Ext4, "/");
            harness.Vfs.BindMount("/srv", "/bind1");
            harness.Vfs.BindMount("/srv", "/bind2");
            FsFreezeReply reply = harness.Freeze();
            Assert.That(reply.FrozenCount, Is.EqualTo(1u));
            Assert.That(sb.KernelFreezeCount, Is.EqualTo(1));
        }

        [Test]
        [Requirement("FF-DRV-17")]
        public void PseudoFilesystemsSkipped_VfatFrozenGenerically()
        {
            DriverHarness harness = Harness();
            harness.Mount(FilesystemTypes.Ext4, "/");
            SuperBlock tmp = harness.Mount(FilesystemTypes.Tmpfs, "/tmp");
            harness.Mount(FilesystemTypes.Proc, "/proc");
            SuperBlock vfat = harness.Mount(FilesystemTypes.Vfat, "/boot");
            FsFreezeReply reply = harness.Freeze();
            Assert.Multiple(() =>
            {
                Assert.That(reply.FrozenCount, Is.EqualTo(2u));
                Assert.That(reply.SkippedCount, Is.EqualTo(2u));
                Assert.That(vfat.IsFrozen, Is.True);
                Assert.That(tmp.Frozen, Is.EqualTo(FreezeLevel.Unfrozen));
                Assert.That(reply.Entries.Where(static e => e.Result == EntryResult.SkippedUnfreezable).Select(static e => e.FsType), Is.EquivalentTo(new[] { "tmpfs", "proc" }));
            });
        }

        [Test]
        [Requirement("FF-DRV-18")]
        public void Selectors_FreezeOnlyTheNamed()
        {
            DriverHarness harness = Harness();
            SuperBlock root = harness.Mount(FilesystemTypes.Ext4, "/");
            SuperBlock db = harness.Mount(FilesystemTypes.Xfs, "/srv/db");
            SuperBlock logs = harness.Mount(FilesystemTypes.Ext4, "/var/log");
            FsFreezeReply reply = harness.Freeze(30_000, 0, Selector.MountPath("/srv/db"), Selector.Device(logs.Dev.Major, logs.Dev.Minor), Selector.MountPath("/nowhere"));
            Assert.Multiple(() =>
            {
                Assert.That(reply.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(db.IsFrozen && logs.IsFrozen, Is.True);
                Assert.That(root.IsFrozen, Is.False);
                Assert.That(reply.Entries.Single(e => e.DevMinor == root.Dev.Minor).Result, Is.EqualTo(EntryResult.SkippedNotSelected));
            });
        }

        [Test]
        [Requirement("FF-DRV-19")]
        public void PartialFailure_RollsBackInReverse_AndNamesTheFailure()
        {
            DriverHarness harness = Harness();
            SuperBlock a = harness.Mount(FilesystemTypes.Ext4, "/");
            SuperBlock b = harness.Mount(FilesystemTypes.Ext4, "/data");
            SuperBlock c = harness.Mount(FilesystemTypes.Xfs, "/srv");
            a.Faults.FailFreezeFs(Errno.EIO);
            FsFreezeReply reply = harness.Freeze();
            Assert.Multiple(() =>
            {
                Assert.That(reply.Status, Is.EqualTo(ReplyStatus.Failed));
                Assert.That(reply.FrozenCount, Is.Zero);
                Assert.That(reply.FailedCount, Is.EqualTo(1u));
                Assert.That(reply.ThawedCount, Is.EqualTo(2u));
                Assert.That(reply.Entries.Single(static e => e.Result == EntryResult.Failed).Error, Is.EqualTo((uint)Errno.EIO));
                Assert.That(reply.Entries.Count(static e => e.Result == EntryResult.RolledBack), Is.EqualTo(2));
                Assert.That(new[] { a, b, c }.Any(static sb => sb.Frozen != FreezeLevel.Unfrozen), Is.False);
            });
        }

        [Test]
        [Requirement("FF-DRV-20")]
        public void Success_IsOkFrozenWithRemainingMs_NothingEligible_IsOkThawedWithoutDeadline()
        {
            DriverHarness harness = Harness();
            harness.Mount(FilesystemTypes.Tmpfs, "/tmp");
            FsFreezeReply none = harness.Freeze(5000);
            Assert.That(none.State, Is.EqualTo(GuestFreezeState.Thawed));
            Assert.That(none.FrozenCount, Is.Zero);
            Assert.That(harness.Scheduler.Clock.PendingTimers, Is.Zero, "no deadline kept");

            harness.Mount(FilesystemTypes.Ext4, "/");
            FsFreezeReply ok = harness.Freeze(5000);
            Assert.That(ok.Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.That(ok.State, Is.EqualTo(GuestFreezeState.Frozen));
            Assert.That(ok.RemainingMs, Is.InRange(1u, 5000u));
        }

        [Test]
        [Requirement("FF-DRV-21")]
        public void FreezeWhileFrozen_IsAlreadyFrozen_DeadlineUnchanged()
        {
            DriverHarness harness = Harness();
            harness.Mount(FilesystemTypes.Ext4, "/");
            harness.Freeze(5000);
            harness.Scheduler.RunFor(TimeSpan.FromMilliseconds(1000));
            FsFreezeReply again = harness.Freeze(60_000);
            Assert.That(again.Status, Is.EqualTo(ReplyStatus.AlreadyFrozen));
            Assert.That(harness.Status().RemainingMs, Is.EqualTo(4000u));
        }

        [Test]
        [Requirement("FF-DRV-22")]
        public void UserspaceFreeze_IsSharedFlagged_AndSurvivesTheThaw()
        {
            DriverHarness harness = Harness();
            SuperBlock sb = harness.Mount(FilesystemTypes.Ext4, "/");
            Run(harness, harness.Vfs.IoctlFreeze("/"));
            FsFreezeReply frozen = harness.Freeze();
            Assert.That(frozen.Entries.Single().Flags & EntryFlags.UserFrozen, Is.EqualTo(EntryFlags.UserFrozen));
            Assert.That(sb.KernelFreezeCount, Is.EqualTo(1));
            FsFreezeReply thawed = harness.Thaw();
            Assert.Multiple(() =>
            {
                Assert.That(thawed.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(thawed.ThawedCount, Is.EqualTo(1u));
                Assert.That(sb.IsFrozen, Is.True, "the userspace hold stays");
                Assert.That(sb.UserFreezeCount, Is.EqualTo(1));
                Assert.That(sb.KernelFreezeCount, Is.Zero);
            });
        }

        [Test]
        [Requirement("FF-DRV-23")]
        public void ReplyOnlyAfterEveryReportedSuperblockIsComplete_NoDirtyPages()
        {
            DriverHarness harness = Harness();
            SuperBlock sb = harness.Mount(FilesystemTypes.Ext4, "/");
            Run(harness, harness.Vfs.Write("/a", 0, 1));
            Run(harness, harness.Vfs.Write("/b", 3, 2));
            FsFreezeReply reply = harness.Freeze();
            Assert.That(reply.FrozenCount, Is.EqualTo(1u));
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.Complete));
            Assert.That(sb.PageCache.DirtyCount, Is.Zero);
        }

        [Test]
        [Requirement("FF-DRV-24")]
        public void ThawWithNothingFrozen_IsOkZero()
        {
            FsFreezeReply reply = Harness().Thaw();
            Assert.That(reply.Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.That(reply.ThawedCount, Is.Zero);
        }

        [Test]
        [Requirement("FF-DRV-25")]
        public void ThawFailure_KeepsItHeld_FailedFrozen_AndALaterThawRetries()
        {
            DriverHarness harness = Harness();
            SuperBlock a = harness.Mount(FilesystemTypes.Ext4, "/");
            SuperBlock b = harness.Mount(FilesystemTypes.Xfs, "/srv");
            harness.Freeze();
            a.Faults.FailUnfreezeFs(Errno.EIO);
            FsFreezeReply failed = harness.Thaw();
            Assert.Multiple(() =>
            {
                Assert.That(failed.Status, Is.EqualTo(ReplyStatus.Failed));
                Assert.That(failed.State, Is.EqualTo(GuestFreezeState.Frozen));
                Assert.That(failed.FailedCount, Is.EqualTo(1u));
                Assert.That(failed.FrozenCount, Is.EqualTo(1u));
                Assert.That(b.IsFrozen, Is.False, "went on with the others");
            });
            FsFreezeReply retried = harness.Thaw();
            Assert.That(retried.Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.That(a.IsFrozen, Is.False);
        }

        [Test]
        [Requirement("FF-DRV-26")]
        [Requirement("FF-DRV-5")]
        public void EntriesCappedAtMaxEntries_CountsAreTotals_NoEntriesWithoutSbDetail()
        {
            DriverHarness harness = Harness(maxEntries: 2);
            for (int i = 0; i < 5; i++)
            {
                harness.Mount(FilesystemTypes.Ext4, "/m" + i);
            }

            FsFreezeReply capped = harness.Freeze();
            Assert.That(capped.FrozenCount, Is.EqualTo(5u));
            Assert.That(capped.EntryCount, Is.EqualTo(2));
            Assert.That(harness.Status().EntryCount, Is.EqualTo(2));

            DriverHarness plain = Harness(features: 0);
            plain.Mount(FilesystemTypes.Ext4, "/");
            FsFreezeReply reply = plain.Freeze();
            Assert.That(reply.EntryCount, Is.Zero);
            Assert.That(reply.FrozenCount, Is.EqualTo(1u));
        }

        private static void Run(DriverHarness harness, SimOperation<Errno> op)
        {
            harness.Scheduler.Spawn(op.Name, op);
            harness.Scheduler.RunUntil(() => op.IsDone);
            Assert.That(op.Result, Is.EqualTo(Errno.None), op.Name);
        }
    }
}
