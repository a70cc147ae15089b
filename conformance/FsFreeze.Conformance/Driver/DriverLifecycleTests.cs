using System;
using System.Linq;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Simulation;
using FsFreeze.Virtio.Common;

namespace FsFreeze.Conformance.Driver
{
    /// <summary>Deadline, reset, removal and application notice (FF-DRV-5, FF-DRV-27 to FF-DRV-31).</summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.Drivers))]
    public sealed class DriverLifecycleTests
    {
        private readonly IDriverImplementation implementation;

        public DriverLifecycleTests(IDriverImplementation implementation) => this.implementation = implementation;

        private DriverHarness Harness(ulong features = DriverHarness.AllFeatures) =>
            new DriverHarness(implementation, offered: features, supported: features).Bound();

        [Test]
        [Requirement("FF-DRV-27")]
        public void HostVanishes_DeadlineThawsEverything_AndSendsAutoThawed()
        {
            DriverHarness harness = Harness();
            SuperBlock sb = harness.Mount(FilesystemTypes.Ext4, "/");
            harness.Freeze(2000);
            harness.Scheduler.RunFor(TimeSpan.FromMilliseconds(1999));
            Assert.That(sb.IsFrozen, Is.True);
            harness.Scheduler.RunFor(TimeSpan.FromMilliseconds(1));
            harness.Scheduler.RunUntilIdle();
            Assert.That(sb.Frozen, Is.EqualTo(FreezeLevel.Unfrozen), "thawed at the deadline");
            FsFreezeReply evt = harness.Device.Replies.Last();
            Assert.Multiple(() =>
            {
                Assert.That(evt.Type, Is.EqualTo(ReplyType.Event));
                Assert.That(evt.Event, Is.EqualTo(EventCode.AutoThawed));
                Assert.That(evt.RequestId, Is.Zero);
                Assert.That(evt.ThawedCount, Is.EqualTo(1u));
            });
        }

        [Test]
        [Requirement("FF-DRV-5")]
        public void WithoutEvents_TheDeadlineSendsNoEvent()
        {
            DriverHarness harness = Harness(FsFreezeFeature.Mask(FsFreezeFeature.SbDetail));
            SuperBlock sb = harness.Mount(FilesystemTypes.Ext4, "/");
            harness.Freeze(2000);
            harness.Scheduler.Run();
            Assert.That(sb.IsFrozen, Is.False);
            Assert.That(harness.Device.Replies.Select(static r => r.Type), Has.None.EqualTo(ReplyType.Event));
        }

        [Test]
        [Requirement("FF-DRV-28")]
        public void Removal_ThawsSendsThawedOnRemove_ThenResets()
        {
            DriverHarness harness = Harness();
            SuperBlock sb = harness.Mount(FilesystemTypes.Ext4, "/");
            harness.Freeze();
            SimOperation<bool> remove = harness.Driver.Remove();
            harness.Scheduler.Spawn("remove", remove);
            harness.Scheduler.RunUntil(() => remove.IsDone);
            Assert.Multiple(() =>
            {
                Assert.That(sb.IsFrozen, Is.False);
                Assert.That(harness.Device.Replies.Last().Event, Is.EqualTo(EventCode.ThawedOnRemove));
                Assert.That(harness.Registers.StatusWrites.Last(), Is.Zero, "reset after the event");
                Assert.That(harness.Transport.Status, Is.EqualTo(DeviceStatus.None));
            });
        }

        [Test]
        [Requirement("FF-DRV-28")]
        public void DeviceNeedsReset_ThawsEverything_AndReinitialises()
        {
            DriverHarness harness = Harness();
            SuperBlock sb = harness.Mount(FilesystemTypes.Ext4, "/");
            harness.Freeze();
            harness.Device.Break();
            harness.Scheduler.RunUntilIdle();
            Assert.Multiple(() =>
            {
                Assert.That(sb.IsFrozen, Is.False);
                Assert.That(harness.Device.Resets, Is.GreaterThanOrEqualTo(1));
                Assert.That(harness.Transport.Status & DeviceStatus.DriverOk, Is.EqualTo(DeviceStatus.DriverOk), "reinitialised");
            });
            Assert.That(harness.Status().State, Is.EqualTo(GuestFreezeState.Thawed));
        }

        [Test]
        [Requirement("FF-DRV-29")]
        public void TheDriverNeverWritesToAFrozenFilesystem()
        {
            DriverHarness harness = Harness();
            SuperBlock sb = harness.Mount(FilesystemTypes.Ext4, "/");
            DiskDevice disk = (DiskDevice)sb.Device!;
            harness.Freeze();
            long writes = disk.WriteCount;
            int pages = sb.PageCache.Count;
            harness.Status();
            harness.Freeze();
            harness.Exchange(new byte[] { 9, 9 });
            Assert.That(disk.WriteCount, Is.EqualTo(writes));
            Assert.That(sb.PageCache.Count, Is.EqualTo(pages));
        }

        [Test]
        [Requirement("FF-DRV-30")]
        public void Notice_WaitsForAnswersOrNoticeMs_CountsLate()
        {
            DriverHarness harness = Harness();
            harness.Mount(FilesystemTypes.Ext4, "/");
            var quick = new SimulatedApplication("quick", harness.Scheduler, TimeSpan.FromMilliseconds(100));
            var never = new SimulatedApplication("never", harness.Scheduler, null);
            harness.Driver.Register(quick);
            harness.Driver.Register(never);
            TimeSpan start = harness.Scheduler.Clock.Now;
            FsFreezeReply reply = harness.Freeze(10_000, 2_000);
            Assert.Multiple(() =>
            {
                Assert.That(quick.FreezeNotices + never.FreezeNotices, Is.EqualTo(2));
                Assert.That(reply.NoticeLate, Is.EqualTo(1u));
                Assert.That(harness.Scheduler.Clock.Now - start, Is.EqualTo(TimeSpan.FromMilliseconds(2000)));
                Assert.That(reply.RemainingMs, Is.EqualTo(8000u), "notice time counts toward the deadline");
            });
        }

        [Test]
        [Requirement("FF-DRV-30")]
        public void Notice_AllAnswer_FreezeGoesOnAtOnce()
        {
            DriverHarness harness = Harness();
            harness.Mount(FilesystemTypes.Ext4, "/");
            harness.Driver.Register(new SimulatedApplication("a", harness.Scheduler, TimeSpan.FromMilliseconds(50)));
            TimeSpan start = harness.Scheduler.Clock.Now;
            FsFreezeReply reply = harness.Freeze(10_000, 2_000);
            Assert.That(reply.NoticeLate, Is.Zero);
            Assert.That(harness.Scheduler.Clock.Now - start, Is.EqualTo(TimeSpan.FromMilliseconds(50)));
        }

        [Test]
        [Requirement("FF-DRV-31")]
        public void ApplicationsAreToldAfterThaw_Rollback_AndDeadline()
        {
            DriverHarness harness = Harness();
            SuperBlock sb = harness.Mount(FilesystemTypes.Ext4, "/");
            var app = new SimulatedApplication("a", harness.Scheduler, TimeSpan.FromMilliseconds(10));
            harness.Driver.Register(app);
            harness.Freeze(10_000, 100);
            harness.Thaw();
            Assert.That(app.ThawNotices, Is.EqualTo(1), "after THAW");

            sb.Faults.FailFreezeFs(Errno.EIO);
            harness.Freeze(10_000, 100);
            Assert.That(app.ThawNotices, Is.EqualTo(2), "after rollback");

            harness.Freeze(1_000, 100);
            harness.Scheduler.Run();
            Assert.That(app.ThawNotices, Is.EqualTo(3), "after the deadline");
        }
    }
}
