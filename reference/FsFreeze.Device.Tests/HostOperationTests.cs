using System;
using FsFreeze.Device.Emulation;
using FsFreeze.Device.Host;
using FsFreeze.Device.Snapshot;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Simulation;

namespace FsFreeze.Device.Tests
{
    public sealed class HostOperationTests
    {
        [Test]
        public void CompletesOnce_CallbacksRunOnce_WaitersWoken()
        {
            var scheduler = new Scheduler(1);
            var operation = new HostOperation(RequestType.Status, TimeSpan.Zero);
            int calls = 0;
            operation.OnCompleted(_ => calls++);
            bool waited = false;
            System.Collections.Generic.IEnumerable<Wait> Body()
            {
                foreach (Wait wait in operation.WaitForCompletion())
                {
                    yield return wait;
                }

                waited = true;
            }

            scheduler.Spawn("waiter", Body());
            scheduler.RunUntilIdle();
            Assert.That(waited, Is.False);
            Assert.That(operation.TryComplete(HostResult.Busy, TimeSpan.FromSeconds(1)), Is.True);
            Assert.That(operation.TryComplete(HostResult.NoDriver, TimeSpan.FromSeconds(2)), Is.False);
            scheduler.RunUntilIdle();
            Assert.Multiple(() =>
            {
                Assert.That(waited, Is.True);
                Assert.That(calls, Is.EqualTo(1));
                Assert.That(operation.Result.Kind, Is.EqualTo(HostResultKind.Busy));
                Assert.That(operation.CompletedAt, Is.EqualTo(TimeSpan.FromSeconds(1)));
            });
        }

        [Test]
        public void OnCompleted_RefusesNull_AndRunsAtOnceWhenAlreadyComplete()
        {
            var operation = new HostOperation(RequestType.Thaw, TimeSpan.Zero);
            Assert.That(() => operation.OnCompleted(null!), Throws.ArgumentNullException);
            operation.TryComplete(HostResult.NoDriver, TimeSpan.Zero);
            HostOperation? seen = null;
            operation.OnCompleted(done => seen = done);
            Assert.That(seen, Is.SameAs(operation));
        }

        [Test]
        public void ToString_AndNames_SayWhatTheOperationIs()
        {
            var operation = new HostOperation(RequestType.Status, TimeSpan.Zero) { RequestId = 4 };
            Assert.That(operation.ToString(), Is.EqualTo("Status 4: pending"));
            operation.TryComplete(HostResult.Completed(new FsFreezeReply { Type = ReplyType.Status, Status = ReplyStatus.Ok, State = GuestFreezeState.Frozen }), TimeSpan.Zero);
            Assert.Multiple(() =>
            {
                Assert.That(operation.ToString(), Is.EqualTo("Status 4: Completed Ok Frozen"));
                Assert.That(operation.Completion.Name, Is.EqualTo("host.Status"));
                Assert.That(() => new HostOperation(RequestType.Thaw, TimeSpan.Zero).Result, Throws.InvalidOperationException.With.Message.Contains("Thaw"));
                Assert.That(HostResult.ProtocolError(ReplyProblem.UnknownState, default).ToString(), Is.EqualTo("ProtocolError UnknownState"));
                Assert.That(HostResult.Busy.ToString(), Is.EqualTo("Busy"));
            });
        }

        [Test]
        public void Result_BeforeCompletion_Throws() =>
            Assert.That(() => new HostOperation(RequestType.Thaw, TimeSpan.Zero).Result, Throws.InvalidOperationException);

        [Test]
        public void DetachedDevice_IsNoDriver_AndAbandonOfUnknownIdIsFalse()
        {
            var device = new Emulation.FsFreezeDevice();
            var host = new FsFreezeHost(device, new VirtualClock());
            Assert.Multiple(() =>
            {
                Assert.That(host.Status().Result.Kind, Is.EqualTo(HostResultKind.NoDriver));
                Assert.That(device.Abandon(0), Is.False);
                Assert.That(device.Abandon(5), Is.False);
                Assert.That(device.Counters.IgnoredTotal, Is.Zero);
            });
        }

        [TestCase(HostResultKind.NoDriver, SnapshotFallbackReason.NoDriver)]
        [TestCase(HostResultKind.DeadlinePassed, SnapshotFallbackReason.DeadlinePassed)]
        [TestCase(HostResultKind.Busy, SnapshotFallbackReason.Failed)]
        public void Classify_MapsHostResults(HostResultKind kind, SnapshotFallbackReason reason) =>
            Assert.That(SnapshotOrchestrator.Classify(new HostResult(kind)), Is.EqualTo((SnapshotPath.IoBlockOnly, reason)));

        [TestCase(ReplyStatus.Ok, SnapshotFallbackReason.None)]
        [TestCase(ReplyStatus.Failed, SnapshotFallbackReason.Failed)]
        [TestCase(ReplyStatus.Deadline, SnapshotFallbackReason.DeadlinePassed)]
        [TestCase(ReplyStatus.AlreadyFrozen, SnapshotFallbackReason.Failed)]
        public void Classify_MapsReplyStatuses(ReplyStatus status, SnapshotFallbackReason reason) =>
            Assert.That(SnapshotOrchestrator.Classify(HostResult.Completed(new FsFreezeReply { Type = ReplyType.Freeze, Status = status })).Reason, Is.EqualTo(reason));

        [Test]
        public void Classify_ProtocolError() =>
            Assert.That(SnapshotOrchestrator.Classify(HostResult.ProtocolError(ReplyProblem.UnknownState, default)).Reason, Is.EqualTo(SnapshotFallbackReason.ProtocolError));
    }
}
