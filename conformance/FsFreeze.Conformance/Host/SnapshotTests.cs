using System;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Device;
using FsFreeze.Conformance.Framework;
using FsFreeze.Device.BlockLayer;
using FsFreeze.Device.Snapshot;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Simulation;

namespace FsFreeze.Conformance.Host
{
    /// <summary>Snapshot orchestration on every path (FF-HOST-4, FF-HOST-5, FF-HOST-6), in the seeded simulation.</summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.Devices))]
    public sealed class SnapshotTests
    {
        private readonly IDeviceImplementation _implementation;

        public SnapshotTests(IDeviceImplementation implementation) => _implementation = implementation;

        private sealed record Run(SnapshotResult Result, List<FsFreezeRequest> Received, VirtualDisk[] Disks, List<BlockRequest> Requests);

        /// <summary>
        /// Two disks with writes in flight before the snapshot and more submitted during it; a disk worker
        /// completes one request per disk every 2 ms; the guest answers with <paramref name="script"/>.
        /// </summary>
        private Run Snapshot(Func<FsFreezeRequest, byte[]?>? script, SnapshotOptions? options = null, bool diskWorkerStalls = false, Action<GuestBench, Scheduler>? extra = null)
        {
            var scheduler = new Scheduler(Seeds.Current);
            var bench = new GuestBench(_implementation, clock: scheduler.Clock);
            if (script is not null)
            {
                bench.Start(features: FsFreezeFeature.KnownMask & ~FsFreezeFeature.Mask(FsFreezeFeature.SbDetail));
            }

            var guest = new ScriptedGuest(bench, scheduler, script ?? (_ => null));
            if (script is not null)
            {
                guest.Spawn();
            }

            VirtualDisk[] disks = [new VirtualDisk("vda", 4096), new VirtualDisk("vdb", 4096)];
            var requests = new List<BlockRequest>();
            foreach (VirtualDisk disk in disks)
            {
                for (int i = 0; i < 3; i++)
                {
                    requests.Add(disk.SubmitWrite(i * 512, Enumerable.Repeat((byte)(i + 1), 512).ToArray()));
                }
            }

            bool stop = false;
            IEnumerable<Wait> Worker()
            {
                int tick = 0;
                while (!stop)
                {
                    if (!diskWorkerStalls)
                    {
                        foreach (VirtualDisk disk in disks)
                        {
                            disk.CompleteOne();
                        }
                    }

                    // The guest keeps writing while the snapshot runs: these must wait, not be lost.
                    if (tick++ % 5 == 0 && requests.Count < 40)
                    {
                        requests.Add(disks[tick % 2].SubmitWrite(2048, [0xee]));
                    }

                    yield return scheduler.Sleep(TimeSpan.FromMilliseconds(2));
                }
            }

            scheduler.Spawn("disk-worker", Worker());
            extra?.Invoke(bench, scheduler);
            var orchestrator = new SnapshotOrchestrator(bench.Host, scheduler, disks, options);
            SimOperation<SnapshotResult> snapshot = orchestrator.Snapshot();
            scheduler.Spawn("snapshot", snapshot);
            RunResult run = scheduler.RunUntil(() => snapshot.IsDone);
            Assert.That(run.Outcome, Is.EqualTo(RunOutcome.ConditionMet), run.ToString());

            // Let the guest take whatever the snapshot sent last (the THAW), then finish the disk work.
            scheduler.RunFor(TimeSpan.FromMilliseconds(20));
            guest.Stopped = true;
            stop = true;
            scheduler.Run();
            foreach (VirtualDisk disk in disks)
            {
                disk.CompleteAll();
            }

            return new Run(snapshot.Result, guest.Received, disks, requests);
        }

        private static void AssertIoResumedAndExact(Run run)
        {
            Assert.That(run.Disks.Select(d => d.IsBlocked), Has.All.False, "I/O resumed (FF-HOST-5)");
            Assert.That(run.Requests.Select(r => r.CompletionCount), Has.All.EqualTo(1), "no request lost or completed twice (FF-HOST-5)");
        }

        private static byte[]? Freeze(FsFreezeRequest request, Func<FsFreezeRequest, byte[]?> freezeReply) =>
            request.Type == RequestType.Freeze ? freezeReply(request) : ScriptedGuest.Cooperating(request);

        [Test]
        [Requirement("FF-HOST-4")]
        [Requirement("FF-HOST-5")]
        public void CooperatingDriver_Quiesced_ThawSent()
        {
            Run run = Snapshot(ScriptedGuest.Cooperating);
            Assert.Multiple(() =>
            {
                Assert.That(run.Result.Path, Is.EqualTo(SnapshotPath.Quiesced));
                Assert.That(run.Result.Reason, Is.EqualTo(SnapshotFallbackReason.None));
                Assert.That(run.Received.Select(r => r.Type), Is.EqualTo(new[] { RequestType.Freeze, RequestType.Thaw }));
                Assert.That(run.Result.ThawResult?.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(run.Result.Copies.Select(c => c.DiskName), Is.EqualTo(new[] { "vda", "vdb" }));
                Assert.That(run.Result.Copies[0].Image[0], Is.EqualTo((byte)1), "writes in flight before the block are in the image");
                Assert.That(run.Result.FrozenTime, Is.GreaterThan(TimeSpan.Zero));
                Assert.That(run.Result.GuestThawedBeforeCopyCompleted, Is.False);
            });
            AssertIoResumedAndExact(run);
        }

        [Test]
        [Requirement("FF-HOST-4")]
        [Requirement("FF-HOST-5")]
        public void NoDriver_IoBlockOnly()
        {
            Run run = Snapshot(script: null);
            Assert.Multiple(() =>
            {
                Assert.That(run.Result.Path, Is.EqualTo(SnapshotPath.IoBlockOnly));
                Assert.That(run.Result.Reason, Is.EqualTo(SnapshotFallbackReason.NoDriver));
                Assert.That(run.Result.FreezeResult, Is.Null, "no FREEZE without a driver");
                Assert.That(run.Result.Copies, Has.Count.EqualTo(2));
            });
            AssertIoResumedAndExact(run);
        }

        [Test]
        [Requirement("FF-HOST-4")]
        [Requirement("FF-HOST-3")]
        [Requirement("FF-HOST-5")]
        public void SilentDriverPastDeadline_IoBlockOnly_ThawSent()
        {
            Run run = Snapshot(r => r.Type == RequestType.Freeze ? null : ScriptedGuest.Cooperating(r), new SnapshotOptions { FreezeDeadlineMs = 2_000 });
            Assert.Multiple(() =>
            {
                Assert.That(run.Result.Path, Is.EqualTo(SnapshotPath.IoBlockOnly));
                Assert.That(run.Result.Reason, Is.EqualTo(SnapshotFallbackReason.DeadlinePassed));
                Assert.That(run.Received.Select(r => r.Type), Is.EqualTo(new[] { RequestType.Freeze, RequestType.Thaw }), "THAW after the unused freeze");
            });
            AssertIoResumedAndExact(run);
        }

        [Test]
        [Requirement("FF-HOST-4")]
        [Requirement("FF-HOST-5")]
        public void FailedFreeze_IoBlockOnly()
        {
            Run run = Snapshot(r => Freeze(r, q => ScriptedGuest.Reply(q, ReplyStatus.Failed, GuestFreezeState.Thawed, failed: 1)));
            Assert.Multiple(() =>
            {
                Assert.That(run.Result.Path, Is.EqualTo(SnapshotPath.IoBlockOnly));
                Assert.That(run.Result.Reason, Is.EqualTo(SnapshotFallbackReason.Failed));
                Assert.That(run.Received.Select(r => r.Type), Is.EqualTo(new[] { RequestType.Freeze, RequestType.Thaw }));
            });
            AssertIoResumedAndExact(run);
        }

        [Test]
        [Requirement("FF-HOST-4")]
        [Requirement("FF-HOST-5")]
        public void ProtocolError_IoBlockOnly()
        {
            Run run = Snapshot(r => Freeze(r, q => new FsFreezeReply { Type = ReplyType.Freeze, RequestId = q.RequestId, State = (GuestFreezeState)7 }.ToArray()));
            Assert.Multiple(() =>
            {
                Assert.That(run.Result.Path, Is.EqualTo(SnapshotPath.IoBlockOnly));
                Assert.That(run.Result.Reason, Is.EqualTo(SnapshotFallbackReason.ProtocolError));
                Assert.That(run.Result.FreezeResult?.Problem, Is.EqualTo(ReplyProblem.UnknownState));
                Assert.That(run.Received.Select(r => r.Type), Is.EqualTo(new[] { RequestType.Freeze, RequestType.Thaw }));
            });
            AssertIoResumedAndExact(run);
        }

        [Test]
        [Requirement("FF-HOST-5")]
        public void DisksNeverDrain_ResumedAnyway()
        {
            Run run = Snapshot(ScriptedGuest.Cooperating, new SnapshotOptions { DrainTimeout = TimeSpan.FromMilliseconds(100) }, diskWorkerStalls: true);
            Assert.Multiple(() =>
            {
                Assert.That(run.Result.DrainTimedOut, Is.True);
                Assert.That(run.Result.Copies, Is.Empty);
                Assert.That(run.Received.Last().Type, Is.EqualTo(RequestType.Thaw), "the guest is thawed on the error path too");
            });
            AssertIoResumedAndExact(run);
        }

        [Test]
        [Requirement("FF-HOST-6")]
        public void GuestAutoThawsDuringCopy_Reported()
        {
            // The guest says it will auto-thaw in 50 ms and sends AUTO_THAWED then; the copy takes 1 s.
            Action<GuestBench, Scheduler>? extra = null;
            Run run = Snapshot(
                r => Freeze(r, q =>
                {
                    extra!.Invoke(null!, null!);
                    return ScriptedGuest.Reply(q, ReplyStatus.Ok, GuestFreezeState.Frozen, frozen: 2, remainingMs: 50);
                }),
                new SnapshotOptions { FreezeDeadlineMs = 5_000, CopyDuration = TimeSpan.FromSeconds(1) },
                extra: (bench, scheduler) => extra = (_, _) => scheduler.Clock.Schedule(TimeSpan.FromMilliseconds(50), "auto-thaw", () =>
                    bench.SendReply(new FsFreezeReply { Type = ReplyType.Event, State = GuestFreezeState.Thawed, ThawedCount = 2, Event = EventCode.AutoThawed }.ToArray())));
            Assert.Multiple(() =>
            {
                Assert.That(run.Result.Path, Is.EqualTo(SnapshotPath.Quiesced));
                Assert.That(run.Result.GuestThawedBeforeCopyCompleted, Is.True);
                Assert.That(run.Result.FrozenTime, Is.LessThanOrEqualTo(TimeSpan.FromMilliseconds(50)));
            });
            AssertIoResumedAndExact(run);
        }

        [Test]
        [Requirement("FF-HOST-6")]
        public void DeadlineNotLongerThanCopy_Refused()
        {
            var bench = new GuestBench(_implementation);
            Assert.That(
                () => new SnapshotOrchestrator(bench.Host, new Scheduler(1), [], new SnapshotOptions { FreezeDeadlineMs = 1_000, CopyDuration = TimeSpan.FromSeconds(1) }),
                Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }
}
