using System;
using System.Linq;
using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Tests.Driver
{
    /// <summary>Removal (FF-DRV-28, FF-DRV-31, FF-DRV-33): what it thaws, the event it sends, and what it leaves behind.</summary>
    public sealed class DriverRemovalTests
    {
        private static readonly DriverQueueAccounting NothingPosted = new(4, 0, 0, 0, 0, 0, 0);

        [Test]
        [Category("FF-DRV-28")]
        public void RemovalWithNothingHeld_SendsNoEvent()
        {
            var rig = new DriverRig().Bound();
            rig.Disk("/");
            Assert.That(rig.Remove(), Is.True);
            Assert.Multiple(() =>
            {
                Assert.That(rig.MessagesOf(ReplyType.Event), Is.Empty);
                Assert.That(rig.Driver.Phase, Is.EqualTo(DriverPhase.Removed));
                Assert.That(rig.Driver.Accounting, Is.EqualTo(NothingPosted));
            });
        }

        [Test]
        [Category("FF-DRV-28")]
        [Category("FF-DRV-31")]
        public void RemovalWhileFrozen_ThawsAll_SendsThawedOnRemove_AndTellsTheApplications()
        {
            var rig = new DriverRig().Bound();
            SuperBlock a = rig.Disk("/");
            SuperBlock b = rig.Disk("/data");
            var app = new SimulatedApplication("db", rig.Scheduler, TimeSpan.FromMilliseconds(5));
            rig.Driver.Register(app);
            Assert.That(rig.Freeze(noticeMs: 50).Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.That(rig.Remove(), Is.True);
            FsFreezeReply removed = rig.MessagesOf(ReplyType.Event).Single();
            Assert.Multiple(() =>
            {
                Assert.That(removed.Event, Is.EqualTo(EventCode.ThawedOnRemove));
                Assert.That(removed.State, Is.EqualTo(GuestFreezeState.Thawed));
                Assert.That(removed.ThawedCount, Is.EqualTo(2));
                Assert.That(removed.FrozenCount, Is.Zero);
                Assert.That(removed.FailedCount, Is.Zero);
                Assert.That(removed.Entries.Select(static e => e.Result), Is.EqualTo(new[] { EntryResult.Thawed, EntryResult.Thawed }));
                Assert.That(a.IsFrozen || b.IsFrozen, Is.False);
                Assert.That(rig.Driver.DeadlineDue, Is.Null, "the deadline is cancelled");
                Assert.That(app.ThawNotices, Is.EqualTo(1));
                Assert.That(rig.Driver.Accounting, Is.EqualTo(NothingPosted));
                Assert.That(rig.Driver.Operation, Is.EqualTo(DriverOperation.None));
            });
        }

        [Test]
        [Category("FF-DRV-28")]
        public void RemovalWhoseThawFails_ReportsTheFailure_AndTheStillFrozenState()
        {
            var rig = new DriverRig().Bound();
            rig.Disk("/");
            SuperBlock stuck = rig.Disk("/data");
            Assert.That(rig.Freeze().Status, Is.EqualTo(ReplyStatus.Ok));
            stuck.Faults.FailUnfreezeFs(Errno.EIO);
            Assert.That(rig.Remove(), Is.True);
            FsFreezeReply removed = rig.MessagesOf(ReplyType.Event).Single();
            Assert.Multiple(() =>
            {
                Assert.That(removed.Event, Is.EqualTo(EventCode.ThawedOnRemove));
                Assert.That(removed.State, Is.EqualTo(GuestFreezeState.Frozen));
                Assert.That(removed.FrozenCount, Is.EqualTo(1));
                Assert.That(removed.ThawedCount, Is.EqualTo(1));
                Assert.That(removed.FailedCount, Is.EqualTo(1));
                Assert.That(removed.Entries.Select(static e => e.Result), Is.EquivalentTo(new[] { EntryResult.Thawed, EntryResult.Failed }));
            });
        }

        [Test]
        [Category("FF-DRV-28")]
        public void RemovalWhoseOnlyThawFails_StillSendsTheEvent()
        {
            var rig = new DriverRig().Bound();
            SuperBlock stuck = rig.Disk("/");
            Assert.That(rig.Freeze().Status, Is.EqualTo(ReplyStatus.Ok));
            stuck.Faults.FailUnfreezeFs(Errno.EIO);
            Assert.That(rig.Remove(), Is.True);
            Assert.That(rig.MessagesOf(ReplyType.Event).Single().FailedCount, Is.EqualTo(1));
        }

        [Test]
        [Category("FF-DRV-5")]
        public void RemovalWithoutEvents_SendsNoEvent()
        {
            var rig = new DriverRig(offered: FsFreezeFeature.Mask(FsFreezeFeature.SbDetail)).Bound();
            SuperBlock disk = rig.Disk("/");
            Assert.That(rig.Freeze().Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.That(rig.Remove(), Is.True);
            Assert.Multiple(() =>
            {
                Assert.That(rig.MessagesOf(ReplyType.Event), Is.Empty);
                Assert.That(disk.IsFrozen, Is.False);
            });
        }

        [Test]
        [Category("FF-DRV-28")]
        [Category("FF-DRV-31")]
        public void RemovalDuringAFreeze_AbandonsIt_AtOnce_WithNoReply()
        {
            var rig = new DriverRig().Bound();
            SuperBlock disk = rig.Disk("/");
            var silent = new SimulatedApplication("silent", rig.Scheduler, prepareTime: null);
            rig.Driver.Register(silent);
            rig.Post(FsFreezeRequest.Freeze(rig.NextId(), 60_000, noticeMs: 30_000));
            rig.Scheduler.RunUntil(() => silent.FreezeNotices == 1);
            Assert.That(rig.Driver.State, Is.EqualTo(GuestFreezeState.Freezing));
            TimeSpan start = rig.Scheduler.Clock.Now;

            Assert.That(rig.Remove(), Is.True);
            rig.Scheduler.RunUntilIdle();
            Assert.Multiple(() =>
            {
                Assert.That(rig.Scheduler.Clock.Now - start, Is.LessThan(TimeSpan.FromSeconds(1)), "the notice wait is cut short");
                Assert.That(rig.MessagesOf(ReplyType.Freeze), Is.Empty, "the device is gone: no reply");
                Assert.That(disk.IsFrozen, Is.False);
                Assert.That(disk.KernelFreezeCount, Is.Zero);
                Assert.That(silent.ThawNotices, Is.EqualTo(1));
                Assert.That(rig.Driver.Phase, Is.EqualTo(DriverPhase.Removed));
                Assert.That(rig.Driver.Operation, Is.EqualTo(DriverOperation.None));
            });
        }

        [Test]
        [Category("FF-DRV-28")]
        public void AResetDuringAFreeze_AbandonsIt_AndBindsAgain()
        {
            var rig = new DriverRig().Bound();
            SuperBlock disk = rig.Disk("/");
            var silent = new SimulatedApplication("silent", rig.Scheduler, prepareTime: null);
            rig.Driver.Register(silent);
            rig.Post(FsFreezeRequest.Freeze(rig.NextId(), 60_000, noticeMs: 30_000));
            rig.Scheduler.RunUntil(() => silent.FreezeNotices == 1);
            rig.Device.Break();
            rig.Scheduler.RunFor(TimeSpan.FromMilliseconds(10));
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.Phase, Is.EqualTo(DriverPhase.Ready));
                Assert.That(rig.MessagesOf(ReplyType.Freeze), Is.Empty);
                Assert.That(disk.IsFrozen, Is.False);
            });
            Assert.That(rig.Status().State, Is.EqualTo(GuestFreezeState.Thawed));
        }

        [Test]
        [Category("FF-DRV-28")]
        public void AResetWhileFrozen_ThawsBeforeTheReset_AndBindsAgain()
        {
            var rig = new DriverRig().Bound();
            SuperBlock disk = rig.Disk("/");
            Assert.That(rig.Freeze().Status, Is.EqualTo(ReplyStatus.Ok));
            bool frozenAtReset = false;
            rig.Device.ResetObserved = () => frozenAtReset |= disk.IsFrozen;
            rig.Device.Break();
            rig.Scheduler.RunUntilIdle();
            Assert.Multiple(() =>
            {
                Assert.That(frozenAtReset, Is.False);
                Assert.That(rig.Driver.Phase, Is.EqualTo(DriverPhase.Ready));
                Assert.That(rig.Driver.DeadlineDue, Is.Null);
                Assert.That(rig.Device.AvailableRequestBuffers, Is.EqualTo(4));
            });
        }
    }
}
