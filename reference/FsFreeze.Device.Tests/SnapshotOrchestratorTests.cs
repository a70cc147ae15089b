using System;
using System.Collections.Generic;
using FsFreeze.Device.BlockLayer;
using FsFreeze.Device.Host;
using FsFreeze.Device.Snapshot;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Simulation;

namespace FsFreeze.Device.Tests
{
    /// <summary>
    /// Snapshot orchestration (SnapshotOrchestrator.cs) over a scripted endpoint, all in virtual time: the drain over
    /// every disk, its timeout, and when the guest counts as thawed before the copy ended (FF-HOST-4 to FF-HOST-6).
    /// </summary>
    public sealed class SnapshotOrchestratorTests
    {
        private static readonly TimeSpan Copy = TimeSpan.FromMilliseconds(1000);

        private sealed class Rig
        {
            public Rig(uint remainingMs = 30_000, ReplyStatus freezeStatus = ReplyStatus.Ok, TimeSpan replyDelay = default)
            {
                Scheduler = new Scheduler(7, SchedulingPolicy.Fifo);
                Device = new ScriptedEndpoint(Scheduler.Clock) { ReplyDelay = replyDelay };
                Device.Responder = (type, _) => type switch
                {
                    RequestType.Freeze => new FsFreezeReply
                    {
                        Type = ReplyType.Freeze, Status = freezeStatus, RemainingMs = remainingMs,
                        State = freezeStatus == ReplyStatus.Ok ? GuestFreezeState.Frozen : GuestFreezeState.Thawed,
                    },
                    RequestType.Thaw => new FsFreezeReply { Type = ReplyType.Thaw, State = GuestFreezeState.Thawed },
                    _ => new FsFreezeReply { Type = ReplyType.Status, State = GuestFreezeState.Thawed },
                };
                Host = new FsFreezeHost(Device, Scheduler.Clock);
            }

            public Scheduler Scheduler { get; }

            public ScriptedEndpoint Device { get; }

            public FsFreezeHost Host { get; }

            /// <summary>Runs <paramref name="action"/> at virtual time <paramref name="at"/>.</summary>
            public void At(TimeSpan at, Action action) => Scheduler.Clock.Schedule(at, "test", action);

            public SnapshotResult Run(SnapshotOptions options, params ISnapshotDisk[] disks)
            {
                SimOperation<SnapshotResult> snapshot = new SnapshotOrchestrator(Host, Scheduler, disks, options).Snapshot();
                Scheduler.Spawn("snapshot", snapshot);
                Scheduler.Run(maxSteps: 100_000);
                return snapshot.Result;
            }
        }

        private static SnapshotOptions Options(TimeSpan? copy = null) => new() { CopyDuration = copy ?? Copy, FreezeDeadlineMs = 30_000 };

        private static IEnumerable<Wait> After(Scheduler scheduler, TimeSpan delay, Action action)
        {
            yield return scheduler.Sleep(delay);
            action();
        }

        [Test]
        [Category("FF-HOST-6")]
        public void Constructor_RefusesNulls_AndADeadlineNotLongerThanTheCopy()
        {
            var rig = new Rig();
            ISnapshotDisk[] disks = [new VirtualDisk("vda", 16)];
            Assert.Multiple(() =>
            {
                Assert.That(() => new SnapshotOrchestrator(null!, rig.Scheduler, disks), Throws.ArgumentNullException);
                Assert.That(() => new SnapshotOrchestrator(rig.Host, null!, disks), Throws.ArgumentNullException);
                Assert.That(() => new SnapshotOrchestrator(rig.Host, rig.Scheduler, null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("disks"));
                Assert.That(
                    () => new SnapshotOrchestrator(rig.Host, rig.Scheduler, disks, new SnapshotOptions { FreezeDeadlineMs = 1000, CopyDuration = Copy }),
                    Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("FF-HOST-6"));
                Assert.That(new SnapshotOrchestrator(rig.Host, rig.Scheduler, disks).Snapshot().Name, Is.EqualTo("snapshot"));
            });
        }

        [Test]
        [Category("FF-HOST-4")]
        public void Copy_WaitsUntilEveryDiskDrained()
        {
            var rig = new Rig();
            rig.Device.IsDriverReady = false;
            var idle = new VirtualDisk("vda", 16);
            var busy = new VirtualDisk("vdb", 16);
            busy.SubmitWrite(0, [7]);
            rig.Scheduler.Spawn("completer", After(rig.Scheduler, TimeSpan.FromMilliseconds(5), () => busy.CompleteAll()));
            SnapshotResult result = rig.Run(Options(), idle, busy);
            Assert.Multiple(() =>
            {
                Assert.That(result.Path, Is.EqualTo(SnapshotPath.IoBlockOnly));
                Assert.That(result.Reason, Is.EqualTo(SnapshotFallbackReason.NoDriver));
                Assert.That(result.FreezeResult, Is.Null);
                Assert.That(result.Copies, Has.Count.EqualTo(2));
                Assert.That(result.Copies[1].Image[0], Is.EqualTo((byte)7), "copied only once the write in flight completed");
                Assert.That(result.DrainTimedOut, Is.False);
            });
        }

        [Test]
        [Category("FF-HOST-5")]
        public void DrainThatNeverEnds_TimesOutOnTime_CopiesNothing_ResumesAndThaws()
        {
            // FREEZE answered at 2 ms; the drain gives up 10 ms later; the THAW is answered 2 ms after that.
            var rig = new Rig(replyDelay: TimeSpan.FromMilliseconds(2));
            var stuck = new VirtualDisk("vda", 16);
            stuck.SubmitWrite(0, [1]);
            SnapshotResult result = rig.Run(Options() with { DrainTimeout = TimeSpan.FromMilliseconds(10) }, stuck);
            Assert.Multiple(() =>
            {
                Assert.That(result.DrainTimedOut, Is.True);
                Assert.That(result.Copies, Is.Empty);
                Assert.That(stuck.IsBlocked, Is.False, "resumed on the error path");
                Assert.That(result.ThawResult!.Kind, Is.EqualTo(HostResultKind.Completed));
                Assert.That(result.FrozenTime, Is.EqualTo(TimeSpan.FromMilliseconds(12)), "no copy time after a failed drain");
                Assert.That(result.GuestThawedBeforeCopyCompleted, Is.False);
            });
        }

        [Test]
        [Category("FF-HOST-4")]
        public void FreezeRefused_NoThaw_AndNoFrozenTime()
        {
            var rig = new Rig(freezeStatus: ReplyStatus.Failed);
            SnapshotResult result = rig.Run(Options(), new VirtualDisk("vda", 16));
            Assert.Multiple(() =>
            {
                Assert.That(result.Reason, Is.EqualTo(SnapshotFallbackReason.Failed));
                Assert.That(result.ThawResult, Is.Null);
                Assert.That(result.FrozenTime, Is.EqualTo(TimeSpan.Zero));
                Assert.That(result.GuestThawedBeforeCopyCompleted, Is.False);
                Assert.That(result.Copies, Has.Count.EqualTo(1));
            });
        }

        [Test]
        [Category("FF-HOST-4")]
        public void Quiesced_FrozenFromTheReplyUntilTheThawReply()
        {
            var rig = new Rig(replyDelay: TimeSpan.FromMilliseconds(3));
            SnapshotResult result = rig.Run(Options(), new VirtualDisk("vda", 16));
            Assert.Multiple(() =>
            {
                Assert.That(result.Path, Is.EqualTo(SnapshotPath.Quiesced));
                Assert.That(result.FrozenTime, Is.EqualTo(Copy + TimeSpan.FromMilliseconds(3)), "frozen at 3 ms, THAW answered at 1006 ms");
                Assert.That(result.GuestThawedBeforeCopyCompleted, Is.False);
            });
        }

        [Test]
        [Category("FF-HOST-6")]
        public void DeadlinePassingDuringTheCopy_IsReported_AndEndsTheFrozenTime()
        {
            var rig = new Rig(remainingMs: 500);
            SnapshotResult result = rig.Run(Options(), new VirtualDisk("vda", 16));
            Assert.Multiple(() =>
            {
                Assert.That(result.GuestThawedBeforeCopyCompleted, Is.True);
                Assert.That(result.FrozenTime, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
            });
        }

        [Test]
        [Category("FF-HOST-6")]
        public void DeadlinePassingAsTheCopyEnds_CountsAsBefore()
        {
            var rig = new Rig(remainingMs: (uint)Copy.TotalMilliseconds);
            SnapshotResult result = rig.Run(Options(), new VirtualDisk("vda", 16));
            Assert.Multiple(() =>
            {
                Assert.That(result.GuestThawedBeforeCopyCompleted, Is.True);
                Assert.That(result.FrozenTime, Is.EqualTo(Copy));
            });
        }

        [Test]
        [Category("FF-HOST-6")]
        public void AutoThawedEventDuringTheCopy_EndsTheFrozenTimeThere()
        {
            var rig = new Rig();
            rig.At(TimeSpan.FromMilliseconds(300), () => rig.Device.Event(EventCode.AutoThawed));
            SnapshotResult result = rig.Run(Options(), new VirtualDisk("vda", 16));
            Assert.Multiple(() =>
            {
                Assert.That(result.GuestThawedBeforeCopyCompleted, Is.True);
                Assert.That(result.FrozenTime, Is.EqualTo(TimeSpan.FromMilliseconds(300)));
                Assert.That(result.ThawResult, Is.Not.Null, "the THAW is still sent (FF-HOST-7)");
            });
        }

        [Test]
        [Category("FF-HOST-6")]
        public void ThawedStatusDuringTheCopy_EndsTheFrozenTimeThere()
        {
            var rig = new Rig();
            rig.At(TimeSpan.FromMilliseconds(400), () => rig.Host.Status());
            SnapshotResult result = rig.Run(Options(), new VirtualDisk("vda", 16));
            Assert.Multiple(() =>
            {
                Assert.That(result.GuestThawedBeforeCopyCompleted, Is.True);
                Assert.That(result.FrozenTime, Is.EqualTo(TimeSpan.FromMilliseconds(400)));
            });
        }

        [Test]
        [Category("FF-HOST-6")]
        public void AutoThawedEventAtTheFreezeReplysInstant_CountsAsAfterTheFreeze()
        {
            var rig = new Rig(replyDelay: TimeSpan.FromMilliseconds(4));
            rig.Device.AfterReply = type =>
            {
                if (type == RequestType.Freeze)
                {
                    rig.Device.Event(EventCode.AutoThawed);
                }
            };
            SnapshotResult result = rig.Run(Options(), new VirtualDisk("vda", 16));
            Assert.Multiple(() =>
            {
                Assert.That(result.GuestThawedBeforeCopyCompleted, Is.True);
                Assert.That(result.FrozenTime, Is.EqualTo(TimeSpan.Zero));
            });
        }

        [Test]
        [Category("FF-HOST-6")]
        public void AutoThawedEventAtTheCopysLastInstant_CountsAsBefore()
        {
            var rig = new Rig();
            rig.At(Copy, () => rig.Device.Event(EventCode.AutoThawed));
            SnapshotResult result = rig.Run(Options(), new VirtualDisk("vda", 16));
            Assert.Multiple(() =>
            {
                Assert.That(result.GuestThawedBeforeCopyCompleted, Is.True);
                Assert.That(result.FrozenTime, Is.EqualTo(Copy));
            });
        }

        [Test]
        [Category("FF-HOST-6")]
        public void EventLaterThanTheDeadline_TheDeadlineEndsTheFrozenTime()
        {
            var rig = new Rig(remainingMs: 500);
            rig.At(TimeSpan.FromMilliseconds(600), () => rig.Device.Event(EventCode.AutoThawed));
            SnapshotResult result = rig.Run(Options(), new VirtualDisk("vda", 16));
            Assert.Multiple(() =>
            {
                Assert.That(result.GuestThawedBeforeCopyCompleted, Is.True);
                Assert.That(result.FrozenTime, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
            });
        }
    }
}
