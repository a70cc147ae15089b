using System;
using System.Linq;
using System.Text.Json.Nodes;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Adapters.KernelDriver;
using FsFreeze.Conformance.Framework;
using FsFreeze.Guest.Uml;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;

namespace FsFreeze.Conformance.KernelDriver
{
    /// <summary>
    /// The driver conformance scenarios, played against a driver in a real kernel (IUT=uml): the reference device
    /// (fsfreeze-vhost-user-backend --check) is the device and the host, User-Mode Linux with ext4, xfs and btrfs on
    /// ubd disks is the guest. Each test names the driver requirements it checks; every one also fails on any
    /// violation the device recorded in checking mode. Under any other IUT there is no kernel driver and no test.
    /// </summary>
    [Category("Uml")]
    [NonParallelizable]
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.KernelDrivers))]
    public sealed class KernelDriverScenarioTests
    {
        // Mounted in this order, so newest first is btrfs, ext4, xfs: not the order of the driver's fstypes list.
        private static readonly string[] Filesystems = ["xfs", "ext4", "btrfs"];
        private readonly IKernelDriverImplementation driver;

        /// <summary>The scenarios against <paramref name="driver"/>.</summary>
        public KernelDriverScenarioTests(IKernelDriverImplementation driver) => this.driver = driver;

        [Test]
        [Requirement("FF-DRV-1")]
        [Requirement("FF-DRV-2")]
        [Requirement("FF-DRV-4")]
        [Requirement("FF-DRV-6")]
        [Requirement("FF-DRV-10")]
        public void Probe_BindsToDevice65535_NegotiatesKnownFeatures_AndAnswersStatus()
        {
            using var session = new DriverSession(driver.ModulePath, ["ext4"]);
            JsonObject state = session.Backend.Call(new JsonObject { ["op"] = "state" });
            JsonObject hello = session.Backend.Call(new JsonObject { ["op"] = "hello" });
            ulong negotiated = state["negotiated_features"]!.GetValue<ulong>();
            ulong offered = hello["device_features"]!.GetValue<ulong>();
            Answer status = session.Host.Status();
            Assert.Multiple(() =>
            {
                // DRIVER_OK was reached (DriverSession waits for it): the driver bound to device ID 65535 (FF-DRV-1).
                Assert.That(state["driver_ready"]!.GetValue<bool>(), Is.True);
                Assert.That(negotiated & ~offered, Is.Zero, $"accepted only offered features: negotiated 0x{negotiated:x}, offered 0x{offered:x}");
                Assert.That(negotiated & FsFreezeFeature.ReservedMask, Is.Zero, "no reserved feature bit (FF-DRV-4)");
                Assert.That(status.Kind, Is.EqualTo("Accepted"), status.Problem);
                Assert.That(status.Reply.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(status.Reply.State, Is.EqualTo(GuestFreezeState.Thawed));
                Assert.That(status.Reply.FrozenCount, Is.Zero);
            });
            TestContext.Out.WriteLine($"negotiated device features 0x{negotiated:x} of 0x{offered:x}");
            session.AssertClean();
        }

        [Test]
        [Requirement("FF-DRV-15")]
        [Requirement("FF-DRV-16")]
        [Requirement("FF-DRV-17")]
        [Requirement("FF-DRV-20")]
        [Requirement("FF-DRV-23")]
        [Requirement("FF-DRV-24")]
        [Requirement("FF-DRV-26")]
        public void Freeze_CopiesCheckClean_NewestFirst_ThenThawInReverse()
        {
            using var session = new DriverSession(driver.ModulePath, Filesystems, """
                mkdir -p /mnt/bind && mount --bind /mnt/ext4 /mnt/bind && echo "guest: bind mounted"
                """);
            session.RequireFeature(FsFreezeFeature.SbDetail, "SB_DETAIL");
            session.Guest.WaitFor("guest: bind mounted", TimeSpan.FromSeconds(10));

            SnapshotThroughDriver snapshot = SnapshotThroughDriver.Take(session);
            Answer freeze = snapshot.Freeze, status = snapshot.Status, thaw = snapshot.Thaw;
            FsFreezeReply reply = freeze.Reply;

            string[] frozenOrder = reply.Entries.Where(e => e.Result == EntryResult.Frozen).Select(e => e.FsType).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(freeze.Kind, Is.EqualTo("Accepted"), freeze.Problem);
                Assert.That(reply.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(reply.State, Is.EqualTo(GuestFreezeState.Frozen));
                Assert.That(reply.FrozenCount, Is.EqualTo(3), "one per superblock: the bind mount of ext4 is not a second one");
                Assert.That(frozenOrder, Is.EqualTo(new[] { "btrfs", "ext4", "xfs" }), "newest superblock first");
                Assert.That(reply.RemainingMs, Is.InRange(1u, 60_000u));

                // hostfs (the root), proc, sysfs and devtmpfs have no block device and no freeze of their own.
                Assert.That(reply.SkippedCount, Is.GreaterThanOrEqualTo(3));
                Assert.That(reply.Entries.Where(e => e.Result == EntryResult.SkippedUnfreezable).Select(e => e.FsType), Does.Contain("hostfs").And.Contain("proc").And.Contain("sysfs"));
                Assert.That(reply.Entries.Count, Is.EqualTo(reply.FrozenCount + reply.SkippedCount));

                Assert.That(status.Reply.State, Is.EqualTo(GuestFreezeState.Frozen));
                Assert.That(status.Reply.FrozenCount, Is.EqualTo(3));
                Assert.That(status.Reply.Entries.Select(e => e.FsType), Is.EqualTo(new[] { "btrfs", "ext4", "xfs" }), "STATUS lists what is held, in freeze order");

                Assert.That(thaw.Reply.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(thaw.Reply.State, Is.EqualTo(GuestFreezeState.Thawed));
                Assert.That(thaw.Reply.ThawedCount, Is.EqualTo(3));
                Assert.That(thaw.Reply.Entries.Select(e => e.FsType), Is.EqualTo(new[] { "xfs", "ext4", "btrfs" }), "thawed in reverse");
            });

            DiskImage ext4 = session.Guest.Disks.Single(d => d.FsType == "ext4");
            Assert.Multiple(() =>
            {
                foreach (DiskCopies copies in snapshot.Copies)
                {
                    Assert.That(SnapshotCheck.Problem(copies.Disk.FsType, copies.FrozenCopy), Is.Null, $"{copies.Disk.FsType} copy taken while frozen");
                }

                Assert.That(SnapshotCheck.Ext4HasFile(SnapshotCheck.CopyPath(ext4, "frozen"), "marker.txt"), Is.True, "the file written before the freeze is in the copy");

                // The contrast: a busy ext4 copied without the freeze needs journal replay.
                Assert.That(SnapshotCheck.Problem("ext4", SnapshotCheck.CopyPath(ext4, "unfrozen")), Does.Contain("needs_recovery"));
            });
            session.AssertClean();
        }

        [Test]
        [Requirement("FF-DRV-21")]
        [Requirement("FF-DRV-24")]
        public void SecondFreeze_IsAlreadyFrozen_AndThawWithNothingFrozen_IsOkZero()
        {
            using var session = new DriverSession(driver.ModulePath, ["ext4"]);
            Answer emptyThaw = session.Host.Thaw();
            Answer first = session.Host.Freeze(60_000);
            Answer second = session.Host.Freeze(5_000);
            Answer status = session.Host.Status();
            Answer thaw = session.Host.Thaw();
            Assert.Multiple(() =>
            {
                Assert.That(emptyThaw.Reply.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(emptyThaw.Reply.ThawedCount, Is.Zero);
                Assert.That(first.Reply.FrozenCount, Is.EqualTo(1));
                Assert.That(second.Reply.Status, Is.EqualTo(ReplyStatus.AlreadyFrozen));
                Assert.That(second.Reply.FrozenCount, Is.EqualTo(1));
                Assert.That(status.Reply.RemainingMs, Is.GreaterThan(5_000u), "the held freeze keeps its own deadline");
                Assert.That(thaw.Reply.ThawedCount, Is.EqualTo(1));
            });
            session.AssertClean();
        }

        [Test]
        [Requirement("FF-DRV-14")]
        [Requirement("FF-DRV-27")]
        public void Deadline_AutoThaws_AndSendsAutoThawedEvent()
        {
            using var session = new DriverSession(driver.ModulePath, ["ext4", "xfs"], """
                while [ ! -f /check-write ]; do usleep 50000; done
                touch /mnt/ext4/after-deadline && echo "guest: write after deadline ok"
                """);
            session.RequireFeature(FsFreezeFeature.Events, "EVENTS");
            Answer freeze = session.Host.Freeze(1_500);
            Answer thawed = session.Host.WaitEvent(TimeSpan.FromSeconds(15));
            session.Guest.Signal("check-write");
            session.Guest.WaitFor("guest: write after deadline ok", TimeSpan.FromSeconds(20));
            Answer status = session.Host.Status();
            Assert.Multiple(() =>
            {
                Assert.That(freeze.Reply.FrozenCount, Is.EqualTo(2));
                Assert.That(thawed.Reply.Type, Is.EqualTo(ReplyType.Event));
                Assert.That(thawed.Reply.Event, Is.EqualTo(EventCode.AutoThawed));
                Assert.That(thawed.Reply.ThawedCount, Is.EqualTo(2));
                Assert.That(thawed.Reply.State, Is.EqualTo(GuestFreezeState.Thawed));
                Assert.That(status.Reply.State, Is.EqualTo(GuestFreezeState.Thawed));
            });
            session.AssertClean();
        }

        [Test]
        [Requirement("FF-DRV-18")]
        public void SelectiveFreeze_FreezesOnlyTheNamedSuperblocks()
        {
            using var session = new DriverSession(driver.ModulePath, Filesystems);
            session.RequireFeature(FsFreezeFeature.Selective, "SELECTIVE");
            session.RequireFeature(FsFreezeFeature.SbDetail, "SB_DETAIL");

            // ubd disks are major 98, 16 minors each: ext4 is the second disk, 98:16.
            var selectors = new JsonArray
            {
                new JsonObject { ["kind"] = "device", ["major"] = 98, ["minor"] = 16 },
                new JsonObject { ["kind"] = "mount-path", ["path"] = "/mnt/btrfs" },
                new JsonObject { ["kind"] = "mount-path", ["path"] = "/no/such/mount" },
            };
            Answer freeze = session.Host.Freeze(60_000, selectors);
            Answer thaw = session.Host.Thaw();
            Assert.Multiple(() =>
            {
                Assert.That(freeze.Reply.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(freeze.Reply.FrozenCount, Is.EqualTo(2));
                Assert.That(DriverSession.EntryOf(freeze.Reply, "ext4").Result, Is.EqualTo(EntryResult.Frozen));
                Assert.That(DriverSession.EntryOf(freeze.Reply, "btrfs").Result, Is.EqualTo(EntryResult.Frozen));
                Assert.That(DriverSession.EntryOf(freeze.Reply, "xfs").Result, Is.EqualTo(EntryResult.SkippedNotSelected));
                Assert.That(DriverSession.EntryOf(freeze.Reply, "proc").Result, Is.EqualTo(EntryResult.SkippedNotSelected));
                Assert.That(thaw.Reply.ThawedCount, Is.EqualTo(2));
            });
            session.AssertClean();
        }

        [Test]
        [Requirement("FF-DRV-22")]
        public void UserspaceFreeze_IsReportedUserFrozen_AndSurvivesTheDriversThaw()
        {
            using var session = new DriverSession(driver.ModulePath, ["ext4", "xfs"], """
                fsfreeze --freeze /mnt/xfs && echo "guest: user froze xfs"
                while [ ! -f /user-thaw ]; do usleep 50000; done
                fsfreeze --unfreeze /mnt/xfs && echo "guest: user thaw ok"
                """);
            session.Guest.WaitFor("guest: user froze xfs", TimeSpan.FromSeconds(10));
            session.RequireFeature(FsFreezeFeature.SbDetail, "SB_DETAIL");
            Answer freeze = session.Host.Freeze(60_000);
            Answer thaw = session.Host.Thaw();
            session.Guest.Signal("user-thaw");

            // FIFREEZE's thaw succeeds only on a frozen filesystem: the driver's thaw left the user's freeze alone.
            session.Guest.WaitFor("guest: user thaw ok", TimeSpan.FromSeconds(20));
            SuperblockEntry xfs = DriverSession.EntryOf(freeze.Reply, "xfs");
            Assert.Multiple(() =>
            {
                Assert.That(freeze.Reply.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(xfs.Result, Is.EqualTo(EntryResult.Frozen));
                Assert.That(xfs.Flags & EntryFlags.UserFrozen, Is.EqualTo(EntryFlags.UserFrozen));
                Assert.That(DriverSession.EntryOf(freeze.Reply, "ext4").Flags & EntryFlags.UserFrozen, Is.EqualTo(EntryFlags.None));
                Assert.That(thaw.Reply.Status, Is.EqualTo(ReplyStatus.Ok));
            });
            session.AssertClean();
        }

        [Test]
        [Requirement("FF-DRV-28")]
        public void Rmmod_WhileFrozen_ThawsAndSendsThawedOnRemove()
        {
            using var session = new DriverSession(driver.ModulePath, ["ext4", "btrfs"], $$"""
                while [ ! -f /rmmod ]; do usleep 50000; done
                rmmod {{driver.ModuleName}} && echo "guest: rmmod ok"
                touch /mnt/ext4/after-rmmod /mnt/btrfs/after-rmmod && echo "guest: write after rmmod ok"
                """);
            session.RequireFeature(FsFreezeFeature.Events, "EVENTS");
            Answer freeze = session.Host.Freeze(60_000);
            session.Guest.Signal("rmmod");
            Answer removed = session.Host.WaitEvent(TimeSpan.FromSeconds(20));
            session.Guest.WaitFor("guest: write after rmmod ok", TimeSpan.FromSeconds(20));
            Assert.Multiple(() =>
            {
                Assert.That(freeze.Reply.FrozenCount, Is.EqualTo(2));
                Assert.That(removed.Reply.Event, Is.EqualTo(EventCode.ThawedOnRemove));
                Assert.That(removed.Reply.ThawedCount, Is.EqualTo(2));
                Assert.That(removed.Reply.State, Is.EqualTo(GuestFreezeState.Thawed));
            });
            session.AssertClean();
        }

        [Test]
        [Requirement("FF-DRV-3")]
        [Requirement("FF-DRV-5")]
        public void WithoutSbDetailOrEvents_RepliesCarryNoEntries_AndTheDeadlineSendsNoEvent()
        {
            // The device offers SELECTIVE alone: the driver may send neither entries nor an EVENT. Checking mode judges
            // every chain (FF-DRV-3) and reply (FF-DRV-5) the driver makes; AssertClean fails on any it saw broken.
            using var session = new DriverSession(driver.ModulePath, ["ext4"], deviceOptions: new JsonObject { ["offered_features"] = FsFreezeFeature.Mask(FsFreezeFeature.Selective) });
            ulong negotiated = session.NegotiatedFeatures;
            Answer freeze = session.Host.Freeze(1_500);
            System.Threading.Thread.Sleep(4_000);
            session.Backend.Call(new JsonObject { ["op"] = "wait", ["timeout_ms"] = 100 });
            bool eventSent = session.Backend.Events.Any(e => e["type"]?.GetValue<string>() == "event");
            Answer status = session.Host.Status();
            Assert.Multiple(() =>
            {
                Assert.That(negotiated & (FsFreezeFeature.Mask(FsFreezeFeature.SbDetail) | FsFreezeFeature.Mask(FsFreezeFeature.Events)), Is.Zero, $"negotiated 0x{negotiated:x}");
                Assert.That(freeze.Reply.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(freeze.Reply.FrozenCount, Is.EqualTo(1));
                Assert.That(freeze.Reply.Entries, Is.Empty, "no entries without SB_DETAIL");
                Assert.That(eventSent, Is.False, "no AUTO_THAWED event without EVENTS");
                Assert.That(status.Reply.State, Is.EqualTo(GuestFreezeState.Thawed), "the deadline thawed all the same (FF-DRV-27)");
                Assert.That(status.Reply.Entries, Is.Empty);
            });
            session.AssertClean();
        }

        [Test]
        [Requirement("FF-DRV-28")]
        public void DeviceGone_WhileFrozen_TheGuestThaws()
        {
            using var session = new DriverSession(driver.ModulePath, ["ext4"], """
                while [ ! -f /device-gone ]; do usleep 50000; done
                touch /mnt/ext4/after-device-gone && echo "guest: write after device gone ok"
                """);
            Answer freeze = session.Host.Freeze(600_000);
            Assert.That(freeze.Reply.FrozenCount, Is.EqualTo(1));

            // The back-end goes away: virtio_uml sees the connection break and removes the device (driver remove),
            // long before the 10-minute deadline.
            session.Backend.Dispose();
            session.Guest.Signal("device-gone");
            session.Guest.WaitFor("guest: write after device gone ok", TimeSpan.FromSeconds(30));
            Assert.That(DriverSession.KernelWarnings(session.Guest.Console), Does.Not.Contain("BUG:").And.Not.Contain("Call Trace"));
        }
    }
}
