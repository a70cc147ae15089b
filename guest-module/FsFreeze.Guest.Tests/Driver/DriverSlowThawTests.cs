using System;
using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Guest.Tests.Driver
{
    /// <summary>
    /// Thaws that have to wait for s_umount (held shared by another task, as a long mount-table walk would): while
    /// one runs the driver answers STATUS with THAWING and a FREEZE with BUSY (FF-DRV-9, FF-DRV-10), it replies
    /// only once the superblock is thawed, and afterwards the superblock freezes and thaws again.
    /// </summary>
    public sealed class DriverSlowThawTests
    {
        private static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(500);

        private static void AssertBusyWhileThawing(DriverRig rig)
        {
            FsFreezeReply status = rig.Status();
            FsFreezeReply freeze = rig.Freeze();
            Assert.Multiple(() =>
            {
                Assert.That(status.State, Is.EqualTo(GuestFreezeState.Thawing), "FF-DRV-10");
                Assert.That(status.RemainingMs, Is.Zero, "remaining_ms only while FROZEN");
                Assert.That(freeze.Status, Is.EqualTo(ReplyStatus.Busy), "FF-DRV-9");
            });
        }

        private static void AssertFreezesAndThawsAgain(DriverRig rig, SuperBlock disk)
        {
            Assert.That(rig.Freeze().Status, Is.EqualTo(ReplyStatus.Ok), "no lock left behind by the slow thaw");
            Assert.That(disk.IsFrozen, Is.True);
            Assert.That(rig.Thaw().Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.That(disk.IsFrozen, Is.False);
        }

        [Test]
        [Category("FF-DRV-9")]
        [Category("FF-DRV-10")]
        [Category("FF-DRV-24")]
        public void AThawWaitingForTheSuperblock_IsThawing_AndRepliesOnceDone()
        {
            var rig = new DriverRig().Bound();
            SuperBlock disk = rig.Disk("/");
            Assert.That(rig.Freeze().Status, Is.EqualTo(ReplyStatus.Ok));
            TimeSpan start = rig.Scheduler.Clock.Now;
            rig.HoldUmount(disk, Hold);
            int before = rig.Device.Messages.Count;
            rig.Post(FsFreezeRequest.Thaw(rig.NextId()));
            rig.Scheduler.RunFor(TimeSpan.FromMilliseconds(100));
            Assert.That(rig.Device.Messages, Has.Count.EqualTo(before), "no THAW reply while the superblock is still frozen");
            AssertBusyWhileThawing(rig);

            FsFreezeReply? thaw = null;
            rig.Scheduler.RunUntil(() => (thaw = rig.MessagesOf(ReplyType.Thaw).Find(static r => r.Status != ReplyStatus.Busy)).HasValue && thaw.Value.Type == ReplyType.Thaw);
            Assert.Multiple(() =>
            {
                Assert.That(rig.Scheduler.Clock.Now - start, Is.GreaterThanOrEqualTo(Hold));
                Assert.That(disk.IsFrozen, Is.False);
                Assert.That(thaw!.Value.ThawedCount, Is.EqualTo(1));
            });
            AssertFreezesAndThawsAgain(rig, disk);
        }

        [Test]
        [Category("FF-DRV-27")]
        public void TheDeadline_DuringAThaw_StartsNoSecondThaw()
        {
            var rig = new DriverRig().Bound();
            SuperBlock disk = rig.Disk("/");
            Assert.That(rig.Freeze(deadlineMs: 1000).Status, Is.EqualTo(ReplyStatus.Ok));
            rig.Scheduler.RunFor(TimeSpan.FromMilliseconds(900));
            rig.HoldUmount(disk, Hold);
            rig.Post(FsFreezeRequest.Thaw(rig.NextId()));
            rig.Scheduler.RunFor(TimeSpan.FromSeconds(2));
            Assert.Multiple(() =>
            {
                Assert.That(rig.MessagesOf(ReplyType.Event), Is.Empty, "the THAW in progress does the thaw; no AUTO_THAWED");
                Assert.That(rig.MessagesOf(ReplyType.Thaw), Has.Count.EqualTo(1));
                Assert.That(rig.MessagesOf(ReplyType.Thaw)[0].ThawedCount, Is.EqualTo(1));
                Assert.That(disk.IsFrozen, Is.False);
            });
            AssertFreezesAndThawsAgain(rig, disk);
        }

        [Test]
        [Category("FF-DRV-27")]
        [Category("FF-DRV-10")]
        public void AnAutoThawWaitingForTheSuperblock_IsThawing_AndThenSendsItsEvent()
        {
            var rig = new DriverRig().Bound();
            SuperBlock disk = rig.Disk("/");
            Assert.That(rig.Freeze(deadlineMs: 1000).Status, Is.EqualTo(ReplyStatus.Ok));
            rig.Scheduler.RunFor(TimeSpan.FromMilliseconds(900));
            rig.HoldUmount(disk, Hold);
            rig.Scheduler.RunFor(TimeSpan.FromMilliseconds(200));
            Assert.That(disk.IsFrozen, Is.True, "the auto-thaw waits for s_umount");
            AssertBusyWhileThawing(rig);

            rig.Scheduler.RunFor(TimeSpan.FromSeconds(1));
            Assert.Multiple(() =>
            {
                Assert.That(disk.IsFrozen, Is.False);
                Assert.That(rig.MessagesOf(ReplyType.Event), Has.Count.EqualTo(1));
                Assert.That(rig.MessagesOf(ReplyType.Event)[0].Event, Is.EqualTo(EventCode.AutoThawed));
                Assert.That(rig.MessagesOf(ReplyType.Event)[0].ThawedCount, Is.EqualTo(1));
            });
            AssertFreezesAndThawsAgain(rig, disk);
        }

        [Test]
        [Category("FF-DRV-28")]
        [Category("FF-DRV-9")]
        public void ARemovalWaitingForTheSuperblock_AnswersAFreezeBusy_AndThawsBeforeTheReset()
        {
            var rig = new DriverRig().Bound();
            SuperBlock disk = rig.Disk("/");
            Assert.That(rig.Freeze().Status, Is.EqualTo(ReplyStatus.Ok));
            rig.HoldUmount(disk, Hold);
            var removal = rig.Driver.Remove();
            rig.Scheduler.Spawn(removal.Name, removal);
            rig.Scheduler.RunFor(TimeSpan.FromMilliseconds(100));
            Assert.That(removal.IsDone, Is.False, "the removal waits for its thaw");
            Assert.That(rig.Freeze().Status, Is.EqualTo(ReplyStatus.Busy));
            rig.Scheduler.RunUntil(() => removal.IsDone);
            Assert.Multiple(() =>
            {
                Assert.That(removal.Result, Is.True);
                Assert.That(disk.IsFrozen, Is.False);
                Assert.That(rig.Driver.Phase, Is.EqualTo(DriverPhase.Removed));
            });
            rig.Bound();
            AssertFreezesAndThawsAgain(rig, disk);
        }

        [Test]
        [Category("FF-DRV-28")]
        public void AResetWaitingForTheSuperblock_ThawsFirst_ThenBindsAgain()
        {
            var rig = new DriverRig().Bound();
            SuperBlock disk = rig.Disk("/");
            Assert.That(rig.Freeze().Status, Is.EqualTo(ReplyStatus.Ok));
            rig.HoldUmount(disk, Hold);
            bool frozenAtReset = false;
            rig.Device.ResetObserved = () => frozenAtReset |= disk.IsFrozen;
            rig.Device.Break();
            rig.Scheduler.RunFor(TimeSpan.FromSeconds(1));
            Assert.Multiple(() =>
            {
                Assert.That(frozenAtReset, Is.False, "thawed before the device was reset");
                Assert.That(disk.IsFrozen, Is.False);
                Assert.That(rig.Driver.Phase, Is.EqualTo(DriverPhase.Ready));
            });
            AssertFreezesAndThawsAgain(rig, disk);
        }

        [Test]
        [Category("FF-DRV-19")]
        public void ARollbackWaitingForTheSuperblock_RepliesOnceRolledBack()
        {
            var rig = new DriverRig().Bound();
            SuperBlock old = rig.Disk("/");
            SuperBlock newest = rig.Disk("/data");
            old.Faults.FailFreezeFs(Errno.EIO);
            rig.HoldUmount(old, TimeSpan.FromMilliseconds(100));
            rig.Scheduler.RunUntilIdle();
            TimeSpan start = rig.Scheduler.Clock.Now;
            rig.Post(FsFreezeRequest.Freeze(rig.NextId(), 30_000));
            rig.Scheduler.RunUntil(() => newest.IsFrozen);
            rig.HoldUmount(newest, Hold);
            FsFreezeReply? reply = rig.NextMessage(rig.Device.Messages.Count);
            Assert.Multiple(() =>
            {
                Assert.That(reply!.Value.Status, Is.EqualTo(ReplyStatus.Failed));
                Assert.That(reply.Value.ThawedCount, Is.EqualTo(1));
                Assert.That(rig.Scheduler.Clock.Now - start, Is.GreaterThanOrEqualTo(Hold));
                Assert.That(newest.IsFrozen, Is.False);
            });
            AssertFreezesAndThawsAgain(rig, newest);
        }
    }
}
