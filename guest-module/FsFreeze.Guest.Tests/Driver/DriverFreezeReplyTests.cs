using System;
using System.Linq;
using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Guest.Tests.Driver
{
    /// <summary>
    /// FREEZE and THAW replies to the field: rollback counts and entries, references given back, DEADLINE, the
    /// entries' flags and type names, and what refused requests carry (FF-DRV-19 to FF-DRV-26).
    /// </summary>
    public sealed class DriverFreezeReplyTests
    {
        private static SuperblockEntry EntryOf(FsFreezeReply reply, SuperBlock sb) =>
            reply.Entries.Single(e => e.DevMajor == sb.Dev.Major && e.DevMinor == sb.Dev.Minor);

        [Test]
        [Category("FF-DRV-19")]
        public void AFailedFreeze_RollsBack_ReportsEachSuperblock_AndGivesEveryReferenceBack()
        {
            var rig = new DriverRig().Bound();
            SuperBlock oldest = rig.Disk("/");
            SuperBlock failing = rig.Disk("/a");
            SuperBlock newest = rig.Disk("/b");
            SuperBlock proc = rig.World.MountPseudo(FilesystemTypes.Proc, "/proc");
            SuperBlock[] all = [oldest, failing, newest, proc];
            int[] references = all.Select(static sb => sb.ActiveReferences).ToArray();
            failing.Faults.FailFreezeFs(Errno.EIO);

            FsFreezeReply reply = rig.Freeze();
            Assert.Multiple(() =>
            {
                Assert.That(reply.Status, Is.EqualTo(ReplyStatus.Failed));
                Assert.That(reply.State, Is.EqualTo(GuestFreezeState.Thawed));
                Assert.That((reply.FrozenCount, reply.ThawedCount, reply.SkippedCount, reply.FailedCount), Is.EqualTo((0u, 1u, 1u, 1u)));
                Assert.That(EntryOf(reply, newest).Result, Is.EqualTo(EntryResult.RolledBack));
                Assert.That(EntryOf(reply, failing).Result, Is.EqualTo(EntryResult.Failed));
                Assert.That(EntryOf(reply, failing).Error, Is.EqualTo((uint)Errno.EIO));
                Assert.That(EntryOf(reply, proc).Result, Is.EqualTo(EntryResult.SkippedUnfreezable));
                Assert.That(reply.Entries.Any(e => e.DevMinor == oldest.Dev.Minor && e.DevMajor == oldest.Dev.Major), Is.False, "not reached");
                Assert.That(all.Select(static sb => sb.ActiveReferences), Is.EqualTo(references), "every reference the walk took is given back");
                Assert.That(all.Any(static sb => sb.KernelFreezeCount > 0), Is.False);
                Assert.That(rig.Driver.DeadlineDue, Is.Null, "nothing held: no deadline kept");
            });
        }

        [Test]
        [Category("FF-DRV-19")]
        [Category("FF-DRV-25")]
        public void ARollbackWhoseThawFails_KeepsThatSuperblockFrozen_AndSaysSo()
        {
            var rig = new DriverRig().Bound();
            SuperBlock failing = rig.Disk("/");
            SuperBlock stuck = rig.Disk("/b");
            failing.Faults.FailFreezeFs(Errno.EIO);
            stuck.Faults.FailUnfreezeFs(Errno.EIO);

            FsFreezeReply reply = rig.Freeze();
            Assert.Multiple(() =>
            {
                Assert.That(reply.Status, Is.EqualTo(ReplyStatus.Failed));
                Assert.That(reply.State, Is.EqualTo(GuestFreezeState.Frozen));
                Assert.That((reply.FrozenCount, reply.ThawedCount, reply.FailedCount), Is.EqualTo((1u, 0u, 2u)));
                Assert.That(EntryOf(reply, stuck).Result, Is.EqualTo(EntryResult.Frozen), "not rolled back: still held");
                Assert.That(rig.Driver.HeldSuperBlocks, Is.EqualTo(new[] { stuck }));
                Assert.That(rig.Driver.DeadlineDue, Is.EqualTo(TimeSpan.FromSeconds(30)), "the request's deadline stays armed and retries (FF-DRV-25)");
            });
            rig.Scheduler.RunFor(TimeSpan.FromSeconds(31));
            Assert.That(stuck.IsFrozen, Is.False, "the deadline thawed it");
        }

        [Test]
        [Category("FF-DRV-14")]
        public void TheDeadline_DuringAFreeze_RollsItBack_AsDeadline_WithNoFailure()
        {
            var rig = new DriverRig().Bound();
            SuperBlock slow = rig.Disk("/");
            SuperBlock fast = rig.Disk("/b");
            rig.HoldUmount(slow, TimeSpan.FromMilliseconds(500));
            rig.Scheduler.RunUntilIdle();
            FsFreezeReply reply = rig.Freeze(deadlineMs: 100);
            Assert.Multiple(() =>
            {
                Assert.That(reply.Status, Is.EqualTo(ReplyStatus.Deadline));
                Assert.That(reply.State, Is.EqualTo(GuestFreezeState.Thawed));
                Assert.That(reply.FailedCount, Is.Zero);
                Assert.That(reply.FrozenCount, Is.Zero);
                Assert.That(reply.ThawedCount, Is.EqualTo(2));
                Assert.That(slow.IsFrozen || fast.IsFrozen, Is.False);
                Assert.That(rig.Driver.DeadlineDue, Is.Null);
            });
        }

        [Test]
        [Category("FF-DRV-25")]
        public void AThawThatFailsOnOne_ListsThawedAndFailed_AndStaysFrozen()
        {
            var rig = new DriverRig().Bound();
            SuperBlock fine = rig.Disk("/");
            SuperBlock stuck = rig.Disk("/b");
            Assert.That(rig.Freeze().Status, Is.EqualTo(ReplyStatus.Ok));
            stuck.Faults.FailUnfreezeFs(Errno.EIO);
            FsFreezeReply reply = rig.Thaw();
            Assert.Multiple(() =>
            {
                Assert.That(reply.Status, Is.EqualTo(ReplyStatus.Failed));
                Assert.That(reply.State, Is.EqualTo(GuestFreezeState.Frozen));
                Assert.That((reply.FrozenCount, reply.ThawedCount, reply.FailedCount), Is.EqualTo((1u, 1u, 1u)));
                Assert.That(EntryOf(reply, fine).Result, Is.EqualTo(EntryResult.Thawed));
                Assert.That(EntryOf(reply, stuck).Result, Is.EqualTo(EntryResult.Failed));
                Assert.That(EntryOf(reply, stuck).Error, Is.EqualTo((uint)Errno.EIO));
            });
            FsFreezeReply again = rig.Thaw();
            Assert.Multiple(() =>
            {
                Assert.That(again.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(again.State, Is.EqualTo(GuestFreezeState.Thawed));
                Assert.That(again.Entries.Select(static e => e.Result), Is.EqualTo(new[] { EntryResult.Thawed }));
            });
        }

        [Test]
        [Category("FF-DRV-26")]
        public void RefusedRequests_CarryNoEntries_EvenWhileFrozen()
        {
            var rig = new DriverRig().Bound();
            var app = new SimulatedApplication("slow", rig.Scheduler, TimeSpan.FromSeconds(5));
            rig.Disk("/");
            rig.Disk("/b");
            Assert.That(rig.Freeze().Status, Is.EqualTo(ReplyStatus.Ok));
            FsFreezeReply already = rig.Freeze();
            FsFreezeReply invalid = rig.Exchange(new FsFreezeRequest { Type = RequestType.Status, RequestId = 0 });
            FsFreezeReply status = rig.Status();
            Assert.Multiple(() =>
            {
                Assert.That(already.Status, Is.EqualTo(ReplyStatus.AlreadyFrozen));
                Assert.That(already.EntryCount, Is.Zero);
                Assert.That(already.FrozenCount, Is.EqualTo(2));
                Assert.That(invalid.Status, Is.EqualTo(ReplyStatus.Invalid));
                Assert.That(invalid.EntryCount, Is.Zero);
                Assert.That(status.EntryCount, Is.EqualTo(2), "STATUS lists what is held");
                Assert.That(status.Entries.Select(static e => e.Result), Is.All.EqualTo(EntryResult.Frozen));
                Assert.That(status.RemainingMs, Is.GreaterThan(0u));
            });

            Assert.That(rig.Thaw().Status, Is.EqualTo(ReplyStatus.Ok));
            rig.Driver.Register(app);
            rig.Post(FsFreezeRequest.Freeze(rig.NextId(), 30_000, noticeMs: 10_000));
            rig.Scheduler.RunUntil(() => app.FreezeNotices == 1);
            FsFreezeReply busy = rig.Thaw();
            FsFreezeReply freezing = rig.Status();
            Assert.Multiple(() =>
            {
                Assert.That(busy.Status, Is.EqualTo(ReplyStatus.Busy));
                Assert.That(busy.EntryCount, Is.Zero);
                Assert.That(freezing.State, Is.EqualTo(GuestFreezeState.Freezing));
                Assert.That(freezing.RemainingMs, Is.Zero, "remaining_ms only while FROZEN");
            });
        }

        [Test]
        [Category("FF-DRV-26")]
        public void Entries_FlagReadOnlySuperblocks()
        {
            var rig = new DriverRig().Bound();
            SuperBlock rw = rig.Disk("/");
            SuperBlock ro = rig.Disk("/ro", readOnly: true);
            FsFreezeReply reply = rig.Freeze();
            Assert.Multiple(() =>
            {
                Assert.That(EntryOf(reply, ro).Flags & EntryFlags.ReadOnly, Is.EqualTo(EntryFlags.ReadOnly));
                Assert.That(EntryOf(reply, rw).Flags, Is.EqualTo(EntryFlags.None));
            });
        }

        [TestCase("sixteen-bytes-fs", "sixteen-bytes-fs")]
        [TestCase("a-type-name-of-twenty", "a-type-name-of-t")]
        [TestCase("nul\0name", "nulname")]
        [Category("FF-DRV-26")]
        public void Entries_CarryTheTypeName_CutTo16Bytes(string name, string expected)
        {
            var rig = new DriverRig().Bound();
            var type = new FilesystemType { Name = name, HasBackingDevice = true, HasFreezeFs = true };
            SuperBlock sb = rig.Disk("/", type);
            Assert.That(EntryOf(rig.Freeze(), sb).FsType, Is.EqualTo(expected));
        }

        [Test]
        [Category("FF-DRV-18")]
        public void ASelectorOfAnUnknownKind_SelectsNothing()
        {
            var world = new World();
            SuperBlock root = world.MountDisk(FilesystemTypes.Ext4, "/", 1);
            Selector[] selectors = [new Selector((SelectorKind)77, new byte[8])];
            Assert.That(SuperBlockSelection.Classify(world.Vfs, root, selectors), Is.EqualTo(EntryResult.SkippedNotSelected));
        }
    }
}
