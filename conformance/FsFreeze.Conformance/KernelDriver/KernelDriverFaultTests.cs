using System;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Adapters.KernelDriver;
using FsFreeze.Conformance.Framework;
using FsFreeze.Guest.Uml;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.KernelDriver
{
    /// <summary>
    /// The driver scenarios that need the kernel to misbehave, made real inside the guest: a filesystem shut down
    /// (its freeze fails with EIO: FF-DRV-19), and a freeze that cannot finish because a filesystem on a loop device
    /// has dirty pages whose image lives on a filesystem userspace froze (FF-DRV-9, FF-DRV-10, FF-DRV-14): the
    /// same construction the driver model's DeadlinePassingMidFreeze test uses, in a real kernel.
    /// </summary>
    [Category("Uml")]
    [NonParallelizable]
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.KernelDrivers))]
    public sealed class KernelDriverFaultTests
    {
        /// <summary>EIO, what a shut-down filesystem's sync_fs returns to freeze_super.</summary>
        private const uint Eio = 5;

        /// <summary>
        /// The guest side of the stalled freeze: an ext2-formatted image (busybox has only mke2fs; ext4 mounts it) on the ext4 disk, on /dev/loop0 at /mnt/upper (the
        /// newest superblock, so the driver freezes it first), dirtied and not synced; then userspace freezes the
        /// ext4 under it. Writeback of the upper now waits for the lower's thaw, which the host asks for with the
        /// file /user-thaw, after checking the driver answered STATUS and BUSY while it waited.
        /// </summary>
        private const string StalledFreezeGuest = """
            dd if=/dev/zero of=/mnt/ext4/upper.img bs=1M count=16 2>/dev/null
            mke2fs -F /mnt/ext4/upper.img >/dev/null || echo "guest: mke2fs failed"
            mkdir -p /mnt/upper
            losetup /dev/loop0 /mnt/ext4/upper.img || echo "guest: losetup failed $(ls /dev | grep loop)"
            mount -t ext4 /dev/loop0 /mnt/upper && echo "guest: upper mounted"
            sync
            dd if=/dev/zero of=/mnt/upper/dirty bs=1M count=8 2>/dev/null && echo "guest: upper dirty"
            fsfreeze --freeze /mnt/ext4 && echo "guest: lower frozen"
            while [ ! -f /user-thaw ]; do usleep 50000; done
            fsfreeze --unfreeze /mnt/ext4 && echo "guest: lower thawed"
            while [ ! -f /check-write ]; do usleep 50000; done
            touch /mnt/upper/after /mnt/ext4/after && echo "guest: writes after the deadline ok"
            umount /mnt/upper && losetup -d /dev/loop0
            """;

        private readonly IKernelDriverImplementation driver;

        /// <summary>The scenarios against <paramref name="driver"/>.</summary>
        public KernelDriverFaultTests(IKernelDriverImplementation driver) => this.driver = driver;

        [Test]
        [Requirement("FF-DRV-7")]
        public void QueuesThatCannotBeSetUp_FailTheProbe_AndNothingIsFrozen()
        {
            // The device takes rings of at most 128 entries; virtio_uml always asks for 256 (which FF-VU-1 makes the
            // reference accept by default), so enabling the rings fails, find_vqs fails and so must the probe.
            using var session = new DriverSession(driver.ModulePath, ["ext4"], """
                while [ ! -f /check-write ]; do usleep 50000; done
                touch /mnt/ext4/after-failed-probe && echo "guest: write after the failed probe ok"
                """, new JsonObject { ["queue_size_max"] = 128 }, waitForDriver: false);
            session.Guest.WaitFor("failed with error", TimeSpan.FromSeconds(30));
            uint sent = session.Host.Send(new JsonObject { ["op"] = "freeze", ["deadline_ms"] = 5_000 });
            session.Guest.Signal("check-write");
            session.Guest.WaitFor("guest: write after the failed probe ok", TimeSpan.FromSeconds(20));
            JsonObject state = session.Backend.Call(new JsonObject { ["op"] = "state" });
            Assert.Multiple(() =>
            {
                Assert.That(session.Guest.Console, Does.Contain("probe of virtio0 failed with error"), "the probe failed (the core then sets FAILED)");
                Assert.That(sent, Is.Zero, "no driver to send a FREEZE to");
                Assert.That(state["driver_ready"]!.GetValue<bool>(), Is.False, "the device never saw DRIVER_OK");
                Assert.That(DriverSession.KernelWarnings(session.Guest.Console), Does.Not.Contain("BUG:").And.Not.Contain("Call Trace"));
            });
        }

        [Test]
        [Requirement("FF-DRV-19")]
        [Requirement("FF-DRV-26")]
        public void FailedFreeze_RollsBackWhatItFroze_InReverse_AndAnswersFailed()
        {
            // Mounted oldest first: xfs is visited last, after btrfs and ext4 are frozen, and its freeze fails.
            using var session = new DriverSession(driver.ModulePath, ["xfs", "ext4", "btrfs"], """
                fs-shutdown /mnt/xfs && echo "guest: xfs shut down"
                while [ ! -f /check-write ]; do usleep 50000; done
                touch /mnt/ext4/after-rollback /mnt/btrfs/after-rollback && echo "guest: writes after rollback ok"
                """);
            session.Guest.WaitFor("guest: xfs shut down", TimeSpan.FromSeconds(20));
            session.RequireFeature(FsFreezeFeature.SbDetail, "SB_DETAIL");
            Answer freeze = session.Host.Freeze(60_000);
            Answer status = session.Host.Status();
            session.Guest.Signal("check-write");
            session.Guest.WaitFor("guest: writes after rollback ok", TimeSpan.FromSeconds(30));

            FsFreezeReply reply = freeze.Reply;
            SuperblockEntry[] acted = reply.Entries.Where(e => e.Result is EntryResult.Failed or EntryResult.RolledBack).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(freeze.Kind, Is.EqualTo("Accepted"), freeze.Problem);
                Assert.That(reply.Status, Is.EqualTo(ReplyStatus.Failed));
                Assert.That(reply.State, Is.EqualTo(GuestFreezeState.Thawed));
                Assert.That(reply.FrozenCount, Is.Zero);
                Assert.That(reply.FailedCount, Is.EqualTo(1));
                Assert.That(reply.ThawedCount, Is.EqualTo(2), "btrfs and ext4 rolled back");
                Assert.That(DriverSession.EntryOf(reply, "xfs").Result, Is.EqualTo(EntryResult.Failed));
                Assert.That(DriverSession.EntryOf(reply, "xfs").Error, Is.EqualTo(Eio), "the errno of the failed freeze");
                Assert.That(DriverSession.EntryOf(reply, "ext4").Result, Is.EqualTo(EntryResult.RolledBack));
                Assert.That(DriverSession.EntryOf(reply, "btrfs").Result, Is.EqualTo(EntryResult.RolledBack));
                Assert.That(status.Reply.State, Is.EqualTo(GuestFreezeState.Thawed));
                Assert.That(status.Reply.FrozenCount, Is.Zero, "nothing held after the rollback");
            });
            TestContext.Out.WriteLine("entries: " + string.Join(", ", acted.Select(e => $"{e.FsType} {e.Result} {e.Error}")));
            session.AssertClean();
        }

        [Test]
        [Requirement("FF-DRV-9")]
        [Requirement("FF-DRV-10")]
        [Requirement("FF-DRV-14")]
        public void DeadlinePassingWhileTheFreezeWaits_RollsBack_AndAnswersDeadline_StatusAndBusyAnsweredMeanwhile()
        {
            using var session = new DriverSession(driver.ModulePath, ["ext4"], StalledFreezeGuest);
            session.Guest.WaitFor("guest: upper mounted", TimeSpan.FromSeconds(30));
            session.Guest.WaitFor("guest: lower frozen", TimeSpan.FromSeconds(30));

            var clock = Stopwatch.StartNew();
            uint freezeId = session.Host.Send(new JsonObject { ["op"] = "freeze", ["deadline_ms"] = 1_000 });
            Assert.That(freezeId, Is.Not.Zero, "the FREEZE was sent");

            // The driver is stuck in the upper's writeback: STATUS must still be answered at once, saying FREEZING.
            Thread.Sleep(300);
            Answer status = session.Host.Status();
            TimeSpan statusAt = clock.Elapsed;

            // A THAW meanwhile is answered BUSY at once (FF-DRV-9). A correct device never sends it while the FREEZE
            // awaits its reply (FF-DEV-8), so it goes through the back-end's raw op.
            JsonObject thawSent = session.Backend.Call(new JsonObject { ["op"] = "raw", ["request"] = Convert.ToHexString(FsFreezeRequest.Thaw(0x7777).ToArray()) });
            Assert.That(thawSent["outcome"]?.GetValue<string>(), Is.EqualTo("Sent"), thawSent.ToJsonString());
            Answer busyThaw = session.Host.WaitCompleted(0x7777, TimeSpan.FromSeconds(5));
            TimeSpan busyAt = clock.Elapsed;

            // Past the deadline the freeze still waits; then userspace thaws the lower and it can finish.
            Thread.Sleep(TimeSpan.FromMilliseconds(2_000) - clock.Elapsed);
            bool answeredBeforeThaw = session.Backend.Events.Any(e => e["type"]?.GetValue<string>() == "completed" && e["request_id"]?.GetValue<uint>() == freezeId);
            session.Guest.Signal("user-thaw");
            Answer freeze = session.Host.WaitCompleted(freezeId, TimeSpan.FromSeconds(30));
            session.Guest.WaitFor("guest: lower thawed", TimeSpan.FromSeconds(20));
            session.Guest.Signal("check-write");
            session.Guest.WaitFor("guest: writes after the deadline ok", TimeSpan.FromSeconds(30));
            Answer after = session.Host.Status();

            Assert.Multiple(() =>
            {
                Assert.That(status.Reply.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(status.Reply.State, Is.EqualTo(GuestFreezeState.Freezing), "STATUS while the FREEZE is carried out (FF-DRV-10)");
                Assert.That(statusAt, Is.LessThan(TimeSpan.FromMilliseconds(1_500)), "STATUS answered without waiting for the FREEZE");
                Assert.That(busyThaw.Reply.Status, Is.EqualTo(ReplyStatus.Busy), "a THAW while the FREEZE is carried out (FF-DRV-9)");
                Assert.That(busyThaw.Reply.RequestId, Is.EqualTo(0x7777u));
                Assert.That(busyAt, Is.LessThan(TimeSpan.FromMilliseconds(2_000)), "BUSY answered without waiting for the FREEZE");
                Assert.That(answeredBeforeThaw, Is.False, "the FREEZE could not finish while the lower was frozen");
                Assert.That(freeze.Reply.Status, Is.EqualTo(ReplyStatus.Deadline), "the deadline counts from the FREEZE's arrival (FF-DRV-14)");
                Assert.That(freeze.Reply.FrozenCount, Is.Zero);
                Assert.That(freeze.Reply.State, Is.EqualTo(GuestFreezeState.Thawed));
                Assert.That(after.Reply.State, Is.EqualTo(GuestFreezeState.Thawed));
                Assert.That(after.Reply.FrozenCount, Is.Zero, "nothing held after the deadline");
            });
            session.AssertClean();
        }
    }
}
