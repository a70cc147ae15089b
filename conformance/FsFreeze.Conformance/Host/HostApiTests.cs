using System;
using System.Linq;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Device;
using FsFreeze.Conformance.Framework;
using FsFreeze.Device.Host;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.Host
{
    /// <summary>The host management API: typed results, bounded waits, THAW after an unused freeze (FF-HOST-1, 2, 3, 7).</summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.Devices))]
    public sealed class HostApiTests
    {
        private readonly IDeviceImplementation _implementation;

        public HostApiTests(IDeviceImplementation implementation) => _implementation = implementation;

        /// <summary>Without SB_DETAIL, so replies with counts need no entries.</summary>
        private GuestBench Started() => new GuestBench(_implementation).Start(features: FsFreezeFeature.KnownMask & ~FsFreezeFeature.Mask(FsFreezeFeature.SbDetail));

        private static FsFreezeRequest Single(GuestBench bench)
        {
            var requests = bench.TakeRequests();
            Assert.That(requests, Has.Count.EqualTo(1));
            return requests[0].Request;
        }

        [Test]
        [Requirement("FF-HOST-1")]
        public void Freeze_CompletedCarriesStatusStateCountsAndEntries()
        {
            var bench = new GuestBench(_implementation).Start();
            HostOperation freeze = bench.Host.Freeze(30_000);
            FsFreezeRequest request = Single(bench);
            var reply = new FsFreezeReply
            {
                Type = ReplyType.Freeze, RequestId = request.RequestId, State = GuestFreezeState.Frozen, FrozenCount = 1, RemainingMs = 29_000,
                Entries = [new SuperblockEntry { DevMajor = 253, DevMinor = 1, Result = EntryResult.Frozen, FsType = "xfs" }],
            };
            bench.SendReply(reply.ToArray());
            HostResult result = freeze.Result;
            Assert.Multiple(() =>
            {
                Assert.That(result.Kind, Is.EqualTo(HostResultKind.Completed));
                Assert.That(result.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(result.State, Is.EqualTo(GuestFreezeState.Frozen));
                Assert.That(result.Reply.FrozenCount, Is.EqualTo(1u));
                Assert.That(result.Entries.Single().FsType, Is.EqualTo("xfs"));
                Assert.That(bench.Host.LastKnownState?.State, Is.EqualTo(GuestFreezeState.Frozen));
            });
        }

        [Test]
        [Requirement("FF-HOST-1")]
        public void ProtocolError_IsTypedWithTheProblem()
        {
            var bench = Started();
            HostOperation status = bench.Host.Status();
            FsFreezeRequest request = Single(bench);
            bench.SendReply(new FsFreezeReply { Type = ReplyType.Status, RequestId = request.RequestId, State = (GuestFreezeState)9 }.ToArray());
            Assert.Multiple(() =>
            {
                Assert.That(status.Result.Kind, Is.EqualTo(HostResultKind.ProtocolError));
                Assert.That(status.Result.Problem, Is.EqualTo(ReplyProblem.UnknownState));
            });
        }

        [Test]
        [Requirement("FF-HOST-2")]
        public void Freeze_WaitsAtMostTheDeadline_OnTheVirtualClock()
        {
            var bench = Started();
            HostOperation freeze = bench.Host.Freeze(2_000);
            bench.Clock.Advance(TimeSpan.FromMilliseconds(1_999));
            Assert.That(freeze.IsCompleted, Is.False, "not before the deadline");
            bench.Clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Multiple(() =>
            {
                Assert.That(freeze.Result.Kind, Is.EqualTo(HostResultKind.DeadlinePassed));
                Assert.That(freeze.CompletedAt, Is.EqualTo(TimeSpan.FromMilliseconds(2_000)));
            });
        }

        [Test]
        [Requirement("FF-HOST-2")]
        public void ThawAndStatus_WaitAtMostTheHostTimeout()
        {
            var bench = Started();
            HostOperation thaw = bench.Host.Thaw();
            HostOperation status = bench.Host.Status();
            bench.Clock.Advance(bench.Host.Options.ReplyTimeout - TimeSpan.FromMilliseconds(1));
            Assert.That(thaw.IsCompleted || status.IsCompleted, Is.False);
            bench.Clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Multiple(() =>
            {
                Assert.That(thaw.Result.Kind, Is.EqualTo(HostResultKind.DeadlinePassed));
                Assert.That(status.Result.Kind, Is.EqualTo(HostResultKind.DeadlinePassed));
                Assert.That(bench.Clock.PendingTimers, Is.Zero, "nothing waits without bound");
            });
        }

        [Test]
        [Requirement("FF-HOST-3")]
        public void FreezePastDeadline_ThawSentAtOnce_LateReplyIgnored()
        {
            var bench = Started();
            HostOperation freeze = bench.Host.Freeze(1_000);
            FsFreezeRequest request = Single(bench);
            bench.Clock.Advance(TimeSpan.FromMilliseconds(1_000));
            var after = bench.TakeRequests();
            bench.SendReply(ScriptedGuest.Reply(request, ReplyStatus.Ok, GuestFreezeState.Frozen, frozen: 1, remainingMs: 10));
            Assert.Multiple(() =>
            {
                Assert.That(freeze.Result.Kind, Is.EqualTo(HostResultKind.DeadlinePassed));
                Assert.That(after.Select(r => r.Request.Type), Is.EqualTo(new[] { RequestType.Thaw }), "THAW right after giving up");
                Assert.That(bench.Host.CleanupThaws, Has.Count.EqualTo(1));
                Assert.That(bench.Endpoint.Counters.Ignored(ReplyIgnoredReason.UnknownRequestId), Is.EqualTo(1), "the late reply is not used");
            });
        }

        [TestCase(ReplyStatus.Failed)]
        [TestCase(ReplyStatus.Deadline)]
        [Requirement("FF-HOST-3")]
        public void FailedFreeze_ThawSent(ReplyStatus status)
        {
            var bench = Started();
            HostOperation freeze = bench.Host.Freeze(1_000);
            FsFreezeRequest request = Single(bench);
            bench.SendReply(ScriptedGuest.Reply(request, status, GuestFreezeState.Thawed, failed: status == ReplyStatus.Failed ? 1u : 0u));
            Assert.Multiple(() =>
            {
                Assert.That(freeze.Result.Status, Is.EqualTo(status));
                Assert.That(Single(bench).Type, Is.EqualTo(RequestType.Thaw));
            });
        }

        [Test]
        [Requirement("FF-HOST-3")]
        public void ProtocolErrorFreeze_ThawSent_UsedFreezeIsNot()
        {
            var bench = Started();
            HostOperation broken = bench.Host.Freeze(1_000);
            FsFreezeRequest request = Single(bench);
            bench.SendReply(new FsFreezeReply { Type = ReplyType.Freeze, RequestId = request.RequestId, State = GuestFreezeState.Frozen, FrozenCount = 1, Reserved = 1 }.ToArray());
            FsFreezeRequest thaw = Single(bench);
            bench.SendReply(ScriptedGuest.Reply(thaw, ReplyStatus.Ok, GuestFreezeState.Thawed, thawed: 1));

            HostOperation good = bench.Host.Freeze(1_000);
            FsFreezeRequest second = Single(bench);
            bench.SendReply(ScriptedGuest.Reply(second, ReplyStatus.Ok, GuestFreezeState.Frozen, frozen: 1, remainingMs: 900));
            Assert.Multiple(() =>
            {
                Assert.That(broken.Result.Kind, Is.EqualTo(HostResultKind.ProtocolError));
                Assert.That(thaw.Type, Is.EqualTo(RequestType.Thaw));
                Assert.That(good.Result.Kind, Is.EqualTo(HostResultKind.Completed));
                Assert.That(bench.TakeRequests(), Is.Empty, "a freeze the host uses is not thawed behind its back");
            });
        }

        [Test]
        [Requirement("FF-HOST-3")]
        public void CleanupThaw_RetriedWhileTheDriverAnswersBusy()
        {
            var bench = Started();
            bench.Host.Freeze(1_000);
            Single(bench);
            bench.Clock.Advance(TimeSpan.FromMilliseconds(1_000));
            FsFreezeRequest thaw = Single(bench);
            bench.SendReply(ScriptedGuest.Reply(thaw, ReplyStatus.Busy, GuestFreezeState.Freezing));
            bench.Clock.Advance(bench.Host.Options.CleanupThawRetryDelay);
            Assert.Multiple(() =>
            {
                Assert.That(Single(bench).Type, Is.EqualTo(RequestType.Thaw), "retried");
                Assert.That(bench.Host.CleanupThaws, Has.Count.EqualTo(2));
            });
        }

        [Test]
        [Requirement("FF-HOST-7")]
        public void ThawWithNothingFrozen_IsOkWithZeroThawed()
        {
            var bench = Started();
            HostOperation thaw = bench.Host.Thaw();
            FsFreezeRequest request = Single(bench);
            bench.SendReply(ScriptedGuest.Reply(request, ReplyStatus.Ok, GuestFreezeState.Thawed));
            Assert.Multiple(() =>
            {
                Assert.That(thaw.Result.Kind, Is.EqualTo(HostResultKind.Completed));
                Assert.That(thaw.Result.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(thaw.Result.Reply.ThawedCount, Is.Zero);
            });
        }

        [Test]
        [Requirement("FF-HOST-7")]
        public void StatusWhileFreezing_AndThawAfterwards()
        {
            var bench = Started();
            HostOperation freeze = bench.Host.Freeze(5_000);
            HostOperation status = bench.Host.Status();
            var requests = bench.TakeRequests();
            bench.SendReply(ScriptedGuest.Reply(requests[1].Request, ReplyStatus.Ok, GuestFreezeState.Freezing));
            bench.SendReply(ScriptedGuest.Reply(requests[0].Request, ReplyStatus.Ok, GuestFreezeState.Frozen, frozen: 1, remainingMs: 4_000));
            HostOperation thaw = bench.Host.Thaw();
            bench.SendReply(ScriptedGuest.Reply(Single(bench), ReplyStatus.Ok, GuestFreezeState.Thawed, thawed: 1));
            Assert.Multiple(() =>
            {
                Assert.That(status.Result.State, Is.EqualTo(GuestFreezeState.Freezing));
                Assert.That(freeze.Result.State, Is.EqualTo(GuestFreezeState.Frozen));
                Assert.That(thaw.Result.State, Is.EqualTo(GuestFreezeState.Thawed));
                Assert.That(bench.Host.LastKnownState?.State, Is.EqualTo(GuestFreezeState.Thawed));
            });
        }

        [Test]
        [Requirement("FF-HOST-1")]
        public void SelectiveFreezeWithoutSelective_IsUnsupported()
        {
            var bench = new GuestBench(_implementation).Start(features: 0);
            Assert.That(bench.Host.Freeze(1_000, selectors: [Selector.Device(8, 1)]).Result.Kind, Is.EqualTo(HostResultKind.Unsupported));
        }
    }
}
