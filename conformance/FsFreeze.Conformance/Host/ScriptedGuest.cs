using System;
using System.Collections.Generic;
using FsFreeze.Conformance.Device;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Simulation;

namespace FsFreeze.Conformance.Host
{
    /// <summary>
    /// A guest played by the suite inside the simulation: a task that polls requestq every millisecond of virtual
    /// time and answers each request with whatever its script returns (null: stay silent).
    /// </summary>
    public sealed class ScriptedGuest
    {
        private readonly GuestBench _bench;
        private readonly Scheduler _scheduler;
        private readonly Func<FsFreezeRequest, byte[]?> _script;

        /// <summary>Creates the guest; <see cref="Spawn"/> starts it.</summary>
        public ScriptedGuest(GuestBench bench, Scheduler scheduler, Func<FsFreezeRequest, byte[]?> script)
        {
            _bench = bench;
            _scheduler = scheduler;
            _script = script;
        }

        /// <summary>Every request received, in order.</summary>
        public List<FsFreezeRequest> Received { get; } = [];

        /// <summary>Set to stop the task at its next poll.</summary>
        public bool Stopped { get; set; }

        /// <summary>A reply echoing <paramref name="request"/>.</summary>
        public static byte[] Reply(FsFreezeRequest request, ReplyStatus status, GuestFreezeState state, uint frozen = 0, uint thawed = 0, uint failed = 0, uint remainingMs = 0) =>
            new FsFreezeReply
            {
                Type = (ReplyType)request.Type, Status = status, RequestId = request.RequestId, State = state,
                FrozenCount = frozen, ThawedCount = thawed, FailedCount = failed, RemainingMs = remainingMs,
            }.ToArray();

        /// <summary>A cooperating driver: FREEZE freezes 2 superblocks, THAW thaws them, STATUS reports.</summary>
        public static byte[]? Cooperating(FsFreezeRequest request) => request.Type switch
        {
            RequestType.Freeze => Reply(request, ReplyStatus.Ok, GuestFreezeState.Frozen, frozen: 2, remainingMs: request.DeadlineMs),
            RequestType.Thaw => Reply(request, ReplyStatus.Ok, GuestFreezeState.Thawed, thawed: 2),
            _ => Reply(request, ReplyStatus.Ok, GuestFreezeState.Thawed),
        };

        /// <summary>Starts the polling task.</summary>
        public SimTask Spawn() => _scheduler.Spawn("scripted-guest", Body());

        private IEnumerable<Wait> Body()
        {
            while (!Stopped)
            {
                foreach (var taken in _bench.TakeRequests())
                {
                    Received.Add(taken.Request);
                    byte[]? reply = _script(taken.Request);
                    if (reply is not null)
                    {
                        _bench.SendReply(reply);
                    }
                }

                yield return _scheduler.Sleep(TimeSpan.FromMilliseconds(1));
            }
        }
    }
}
