using System;
using System.Collections.Generic;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Simulation;

namespace FsFreeze.Device.Tests
{
    /// <summary>
    /// A device endpoint played by the test, for the host API and snapshot orchestration: it sends nothing on a ring,
    /// gives each request the next id (or the outcome the test asks for) and, with a <see cref="Responder"/>, answers
    /// after <see cref="ReplyDelay"/> of virtual time. The test can also complete, fail or drop requests itself.
    /// </summary>
    internal sealed class ScriptedEndpoint : IFsFreezeDeviceEndpoint
    {
        private readonly VirtualClock _clock;
        private IFsFreezeDeviceObserver? _observer;
        private uint _nextId;

        public ScriptedEndpoint(VirtualClock clock) => _clock = clock;

        public FsFreezeConfig Config { get; } = new(4096, 8, 600_000);

        public ulong NegotiatedFeatures => FsFreezeFeature.KnownMask;

        public bool IsDriverReady { get; set; } = true;

        public AwaitedRequests Awaited => default;

        public ReplyCounters Counters { get; } = new();

        /// <summary>The outcome of the next sends, when not Sent.</summary>
        public SendOutcome? NextOutcome { get; set; }

        /// <summary>Answers a request (null: stay silent).</summary>
        public Func<RequestType, uint, FsFreezeReply?>? Responder { get; set; }

        public TimeSpan ReplyDelay { get; set; }

        /// <summary>Runs right after a scripted reply was delivered, at the same virtual time.</summary>
        public Action<RequestType>? AfterReply { get; set; }

        public List<(RequestType Type, uint Id, uint DeadlineMs)> Sent { get; } = [];

        public List<uint> Abandoned { get; } = [];

        /// <summary>The selectors of the last FREEZE asked for.</summary>
        public IReadOnlyList<Selector> LastSelectors { get; private set; } = [];

        public void SetObserver(IFsFreezeDeviceObserver observer) => _observer = observer;

        public SendOutcome SendFreeze(uint deadlineMs, ushort noticeMs, IReadOnlyList<Selector> selectors, out uint requestId)
        {
            LastSelectors = selectors;
            return Send(RequestType.Freeze, deadlineMs, out requestId);
        }

        public SendOutcome SendThaw(out uint requestId) => Send(RequestType.Thaw, 0, out requestId);

        public SendOutcome SendStatus(out uint requestId) => Send(RequestType.Status, 0, out requestId);

        public bool Abandon(uint requestId)
        {
            Abandoned.Add(requestId);
            return true;
        }

        /// <summary>The driver's reply to <paramref name="requestId"/> arrives now.</summary>
        public void Complete(uint requestId, RequestType type, FsFreezeReply reply) =>
            _observer!.OnRequestCompleted(requestId, ReplyVerdict.FromReport(ReplyVerdictKind.Accepted, ReplyIgnoredReason.None, ReplyProblem.None, requestId, type, reply with { RequestId = requestId }));

        /// <summary>A reply to <paramref name="requestId"/> that breaks the protocol arrives now (FF-DEV-12).</summary>
        public void CompleteWithProtocolError(uint requestId, RequestType type) =>
            _observer!.OnRequestCompleted(requestId, ReplyVerdict.FromReport(ReplyVerdictKind.ProtocolError, ReplyIgnoredReason.None, ReplyProblem.UnknownState, requestId, type, default));

        /// <summary>An EVENT arrives now.</summary>
        public void Event(EventCode code, GuestFreezeState state = GuestFreezeState.Thawed) =>
            _observer!.OnEvent(ReplyVerdict.FromReport(ReplyVerdictKind.Accepted, ReplyIgnoredReason.None, ReplyProblem.None, 0, default, new FsFreezeReply { Type = ReplyType.Event, Event = code, State = state }));

        /// <summary>The driver went away with these requests awaiting.</summary>
        public void DriverGone(uint control, uint status)
        {
            IsDriverReady = false;
            _observer!.OnDriverGone(control, status);
        }

        private SendOutcome Send(RequestType type, uint deadlineMs, out uint requestId)
        {
            requestId = 0;
            if (!IsDriverReady)
            {
                return SendOutcome.NoDriver;
            }

            if (NextOutcome is { } outcome)
            {
                return outcome;
            }

            uint id = ++_nextId;
            requestId = id;
            Sent.Add((type, id, deadlineMs));
            if (Responder?.Invoke(type, id) is { } reply)
            {
                _clock.Schedule(ReplyDelay, $"scripted.{type}.{id}", () =>
                {
                    Complete(id, type, reply);
                    AfterReply?.Invoke(type);
                });
            }

            return SendOutcome.Sent;
        }
    }
}
