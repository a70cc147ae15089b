using System;
using System.Linq;
using FsFreeze.Device.Emulation;
using FsFreeze.Device.Host;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Simulation;

namespace FsFreeze.Device.Tests
{
    /// <summary>The host API (FsFreezeHost.cs, FsFreezeHost.Cleanup.cs) over a scripted endpoint: results, waits, state, cleanup THAWs.</summary>
    public sealed class FsFreezeHostTests
    {
        private static (FsFreezeHost Host, ScriptedEndpoint Device, VirtualClock Clock) Create(FsFreezeHostOptions? options = null)
        {
            var clock = new VirtualClock();
            var device = new ScriptedEndpoint(clock);
            return (new FsFreezeHost(device, clock, options), device, clock);
        }

        private static FsFreezeReply Reply(ReplyStatus status, GuestFreezeState state, uint frozen = 0, uint remainingMs = 0) =>
            new() { Type = ReplyType.Freeze, Status = status, State = state, FrozenCount = frozen, RemainingMs = remainingMs };

        [Test]
        public void Constructor_RefusesNulls_AndKeepsTheOptionsGiven()
        {
            var clock = new VirtualClock();
            var options = new FsFreezeHostOptions { ReplyTimeout = TimeSpan.FromSeconds(1) };
            var host = new FsFreezeHost(new ScriptedEndpoint(clock), clock, options);
            Assert.Multiple(() =>
            {
                Assert.That(() => new FsFreezeHost(null!, clock), Throws.ArgumentNullException);
                Assert.That(() => new FsFreezeHost(new ScriptedEndpoint(clock), null!), Throws.ArgumentNullException);
                Assert.That(host.Options, Is.SameAs(options));
                Assert.That(host.Clock, Is.SameAs(clock));
                Assert.That(new FsFreezeHost(new ScriptedEndpoint(clock), clock).Options.ReplyTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            });
        }

        [Test]
        [Category("FF-HOST-1")]
        public void Reply_CompletesTheOperation_StopsItsTimer_AndIsRemembered()
        {
            var (host, device, clock) = Create();
            HostOperation freeze = host.Freeze(10_000);
            clock.Advance(TimeSpan.FromMilliseconds(7));
            device.Complete(freeze.RequestId, RequestType.Freeze, Reply(ReplyStatus.Ok, GuestFreezeState.Frozen, frozen: 3, remainingMs: 9_993));
            Assert.Multiple(() =>
            {
                Assert.That(freeze.Result.Kind, Is.EqualTo(HostResultKind.Completed));
                Assert.That(freeze.Result.State, Is.EqualTo(GuestFreezeState.Frozen));
                Assert.That(freeze.CompletedAt, Is.EqualTo(TimeSpan.FromMilliseconds(7)));
                Assert.That(clock.PendingTimers, Is.Zero, "the wait is over");
                Assert.That(host.LastKnownState, Is.EqualTo(new GuestStateReport(GuestFreezeState.Frozen, 3, 9_993, EventCode.None, TimeSpan.FromMilliseconds(7))));
                Assert.That(host.CleanupThaws, Is.Empty);
            });
        }

        [Test]
        [Category("FF-HOST-2")]
        public void Freeze_PassesItsSelectorsOn_AndWaitsItsDeadline()
        {
            var (host, device, _) = Create();
            host.Freeze(1234, selectors: [Selector.Device(8, 1)]);
            Assert.Multiple(() =>
            {
                Assert.That(device.LastSelectors, Has.Count.EqualTo(1));
                Assert.That(device.Sent[0].DeadlineMs, Is.EqualTo(1234u));
            });
            host.Freeze(1000);
            Assert.That(device.LastSelectors, Is.Empty, "none given: every filesystem");
        }

        [Test]
        public void CompletionOfARequestNotPending_ChangesNothing()
        {
            var (host, device, _) = Create();
            device.Complete(99, RequestType.Status, Reply(ReplyStatus.Ok, GuestFreezeState.Frozen));
            Assert.That(host.LastKnownState, Is.Null);
        }

        [Test]
        [Category("FF-HOST-1")]
        [Category("FF-DEV-12")]
        public void ProtocolError_IsItsOwnResult_AndNotAReport()
        {
            var (host, device, clock) = Create();
            HostOperation status = host.Status();
            device.CompleteWithProtocolError(status.RequestId, RequestType.Status);
            Assert.Multiple(() =>
            {
                Assert.That(status.Result.Kind, Is.EqualTo(HostResultKind.ProtocolError));
                Assert.That(status.Result.Problem, Is.EqualTo(ReplyProblem.UnknownState));
                Assert.That(host.LastKnownState, Is.Null, "nothing in a broken reply is trusted");
                Assert.That(clock.PendingTimers, Is.Zero);
            });
        }

        [Test]
        [Category("FF-DEV-13")]
        public void Events_AreRemembered_OnlyAutoThawedIsCountedAsSuch()
        {
            var (host, device, clock) = Create();
            clock.Advance(TimeSpan.FromMilliseconds(3));
            device.Event(EventCode.ThawedOnRemove);
            Assert.Multiple(() =>
            {
                Assert.That(host.AutoThawedEvents, Is.Zero);
                Assert.That(host.LastKnownState!.Event, Is.EqualTo(EventCode.ThawedOnRemove));
                Assert.That(host.LastKnownState.ReportedAt, Is.EqualTo(TimeSpan.FromMilliseconds(3)));
            });
            device.Event(EventCode.AutoThawed);
            device.Event(EventCode.AutoThawed);
            Assert.Multiple(() =>
            {
                Assert.That(host.AutoThawedEvents, Is.EqualTo(2));
                Assert.That(host.LastKnownState!.Event, Is.EqualTo(EventCode.AutoThawed));
            });
        }

        [Test]
        [Category("FF-HOST-1")]
        public void DriverGone_EndsWhatAwaitsAsNoDriver_AndStopsTheirTimers()
        {
            var (host, device, clock) = Create();
            HostOperation thaw = host.Thaw();
            HostOperation status = host.Status();
            device.DriverGone(thaw.RequestId, status.RequestId);
            Assert.Multiple(() =>
            {
                Assert.That(thaw.Result.Kind, Is.EqualTo(HostResultKind.NoDriver));
                Assert.That(status.Result.Kind, Is.EqualTo(HostResultKind.NoDriver));
                Assert.That(clock.PendingTimers, Is.Zero);
                Assert.That(host.IsDriverPresent, Is.False);
            });
        }

        [Test]
        [Category("FF-HOST-2")]
        public void SilentDriver_FreezeWaitsItsDeadline_ThawAndStatusTheReplyTimeout_ThenTheDeviceStopsAwaiting()
        {
            var (host, device, clock) = Create(new FsFreezeHostOptions { ReplyTimeout = TimeSpan.FromMilliseconds(50), CleanupThawAttempts = 0 });
            HostOperation freeze = host.Freeze(200);
            HostOperation status = host.Status();
            clock.AdvanceTo(TimeSpan.FromMilliseconds(49));
            Assert.That(status.IsCompleted, Is.False);
            clock.AdvanceTo(TimeSpan.FromMilliseconds(50));
            Assert.That(status.Result.Kind, Is.EqualTo(HostResultKind.DeadlinePassed));
            clock.AdvanceTo(TimeSpan.FromMilliseconds(199));
            Assert.That(freeze.IsCompleted, Is.False);
            clock.AdvanceTo(TimeSpan.FromMilliseconds(200));
            Assert.Multiple(() =>
            {
                Assert.That(freeze.Result.Kind, Is.EqualTo(HostResultKind.DeadlinePassed));
                Assert.That(device.Abandoned, Is.EqualTo(new[] { status.RequestId, freeze.RequestId }));
            });
        }

        [TestCase(SendOutcome.Busy, HostResultKind.Busy)]
        [TestCase(SendOutcome.Unsupported, HostResultKind.Unsupported)]
        [TestCase(SendOutcome.NoDriver, HostResultKind.NoDriver)]
        [Category("FF-HOST-1")]
        public void UnsentRequest_CompletesAtOnce(SendOutcome outcome, HostResultKind kind)
        {
            var (host, device, clock) = Create();
            device.NextOutcome = outcome;
            HostOperation freeze = host.Freeze(1000);
            Assert.Multiple(() =>
            {
                Assert.That(freeze.Result.Kind, Is.EqualTo(kind));
                Assert.That(freeze.RequestId, Is.Zero);
                Assert.That(clock.PendingTimers, Is.Zero);
                Assert.That(host.CleanupThaws, Is.Empty, "nothing was frozen by a request never sent");
            });
        }

        [TestCase(ReplyStatus.Failed, true)]
        [TestCase(ReplyStatus.Deadline, true)]
        [TestCase(ReplyStatus.Ok, false)]
        [TestCase(ReplyStatus.AlreadyFrozen, false)]
        [TestCase(ReplyStatus.Busy, false)]
        [Category("FF-HOST-3")]
        public void UnusableFreezeReply_IsThawedAtOnce(ReplyStatus status, bool thawed)
        {
            var (host, device, _) = Create();
            HostOperation freeze = host.Freeze(1000);
            device.Complete(freeze.RequestId, RequestType.Freeze, Reply(status, GuestFreezeState.Thawed));
            Assert.Multiple(() =>
            {
                Assert.That(host.CleanupThaws, Has.Count.EqualTo(thawed ? 1 : 0));
                Assert.That(device.Sent.Count(s => s.Type == RequestType.Thaw), Is.EqualTo(thawed ? 1 : 0));
            });
        }

        [Test]
        [Category("FF-HOST-3")]
        public void FreezeWithAProtocolErrorOrNoReplyInTime_IsThawed()
        {
            var (host, device, clock) = Create();
            HostOperation broken = host.Freeze(1000);
            device.CompleteWithProtocolError(broken.RequestId, RequestType.Freeze);
            Assert.That(host.CleanupThaws, Has.Count.EqualTo(1));
            device.Complete(host.CleanupThaws[0].RequestId, RequestType.Thaw, Reply(ReplyStatus.Ok, GuestFreezeState.Thawed) with { Type = ReplyType.Thaw });
            HostOperation silent = host.Freeze(1000);
            clock.Advance(TimeSpan.FromMilliseconds(1000));
            Assert.Multiple(() =>
            {
                Assert.That(silent.Result.Kind, Is.EqualTo(HostResultKind.DeadlinePassed));
                Assert.That(host.CleanupThaws, Has.Count.EqualTo(2));
            });
        }

        [Test]
        [Category("FF-HOST-3")]
        public void UnusableFreeze_WithTheDriverGone_SendsNoThaw()
        {
            var (host, device, _) = Create();
            HostOperation freeze = host.Freeze(1000);
            device.IsDriverReady = false;
            device.Complete(freeze.RequestId, RequestType.Freeze, Reply(ReplyStatus.Failed, GuestFreezeState.Thawed));
            Assert.Multiple(() =>
            {
                Assert.That(host.CleanupThaws, Is.Empty);
                Assert.That(device.Sent.Count(s => s.Type == RequestType.Thaw), Is.Zero);
            });
        }

        [Test]
        [Category("FF-HOST-3")]
        public void CleanupThaw_AnsweredBusy_IsRetriedAfterTheDelay_AtMostTheAttemptsAllowed()
        {
            var options = new FsFreezeHostOptions { CleanupThawAttempts = 3, CleanupThawRetryDelay = TimeSpan.FromMilliseconds(40) };
            var (host, device, clock) = Create(options);
            device.Responder = (type, _) => type == RequestType.Thaw ? Reply(ReplyStatus.Busy, GuestFreezeState.Frozen) with { Type = ReplyType.Thaw } : null;
            HostOperation freeze = host.Freeze(100);
            for (int i = 0; i < 100 && clock.FireNext(); i++)
            {
            }

            Assert.Multiple(() =>
            {
                Assert.That(freeze.Result.Kind, Is.EqualTo(HostResultKind.DeadlinePassed));
                Assert.That(host.CleanupThaws, Has.Count.EqualTo(3));
                Assert.That(host.CleanupThaws.Select(t => t.StartedAt), Is.EqualTo(new[] { 100, 140, 180 }.Select(ms => TimeSpan.FromMilliseconds(ms))));
                Assert.That(host.CleanupThaws.Select(t => t.Result.Status), Has.All.EqualTo(ReplyStatus.Busy));
            });
        }

        [Test]
        [Category("FF-HOST-3")]
        public void CleanupThaw_RefusedBusyByTheHostItself_IsRetriedToo()
        {
            var options = new FsFreezeHostOptions { CleanupThawAttempts = 2, CleanupThawRetryDelay = TimeSpan.FromMilliseconds(10) };
            var (host, device, clock) = Create(options);
            HostOperation freeze = host.Freeze(100);
            device.NextOutcome = SendOutcome.Busy;
            for (int i = 0; i < 100 && clock.FireNext(); i++)
            {
            }

            Assert.Multiple(() =>
            {
                Assert.That(freeze.Result.Kind, Is.EqualTo(HostResultKind.DeadlinePassed));
                Assert.That(host.CleanupThaws.Select(t => t.Result.Kind), Is.EqualTo(new[] { HostResultKind.Busy, HostResultKind.Busy }));
            });
        }
    }
}
