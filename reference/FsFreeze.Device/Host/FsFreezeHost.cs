using System;
using System.Collections.Generic;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Simulation;

namespace FsFreeze.Device.Host
{
    /// <summary>
    /// The host management API of virtio-fsfreeze (spec "Host side"), what a VMM monitor would expose: FREEZE,
    /// THAW and STATUS with typed results (FF-HOST-1), bounded waits on the <see cref="VirtualClock"/> (FF-HOST-2),
    /// THAW after a freeze the host cannot use (FF-HOST-3), and the last known guest state. THAW and STATUS may be
    /// asked in any state (FF-HOST-7). Not thread-safe; it runs inside the simulation.
    /// </summary>
    public sealed partial class FsFreezeHost : IFsFreezeDeviceObserver
    {
        private readonly IFsFreezeDeviceEndpoint _device;
        private readonly VirtualClock _clock;
        private readonly Dictionary<uint, PendingRequest> _pending = [];
        private readonly List<HostOperation> _cleanupThaws = [];

        /// <summary>Creates the host side of <paramref name="device"/>, with time from <paramref name="clock"/>.</summary>
        public FsFreezeHost(IFsFreezeDeviceEndpoint device, VirtualClock clock, FsFreezeHostOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(device);
            ArgumentNullException.ThrowIfNull(clock);
            _device = device;
            _clock = clock;
            Options = options ?? new FsFreezeHostOptions();
            device.SetObserver(this);
        }

        /// <summary>The timeouts in force.</summary>
        public FsFreezeHostOptions Options { get; }

        /// <summary>The device this host drives.</summary>
        public IFsFreezeDeviceEndpoint Device => _device;

        /// <summary>True when a driver is present (DRIVER_OK, no DEVICE_NEEDS_RESET, no FAILED): a FREEZE can be sent.</summary>
        public bool IsDriverPresent => _device.IsDriverReady;

        /// <summary>The guest state from the last accepted reply or EVENT, or null before the first.</summary>
        public GuestStateReport? LastKnownState { get; private set; }

        /// <summary>Valid AUTO_THAWED EVENTs received.</summary>
        public int AutoThawedEvents { get; private set; }

        /// <summary>The THAWs this host sent on its own after freezes it could not use (FF-HOST-3), oldest first.</summary>
        public IReadOnlyList<HostOperation> CleanupThaws => _cleanupThaws;

        /// <summary>The virtual clock.</summary>
        public VirtualClock Clock => _clock;

        /// <summary>
        /// Asks the guest to freeze, auto-thawing after <paramref name="deadlineMs"/>; waits for the reply at most that
        /// long (FF-HOST-2). With <paramref name="noticeMs"/> (APP_NOTICE) and <paramref name="selectors"/>
        /// (SELECTIVE); a feature the driver did not negotiate gives <see cref="HostResultKind.Unsupported"/>.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">A deadline of 0 or above <c>max_deadline_ms</c>, a notice not below it, or a request longer than <c>request_size</c>.</exception>
        public HostOperation Freeze(uint deadlineMs, ushort noticeMs = 0, IReadOnlyList<Selector>? selectors = null)
        {
            var operation = new HostOperation(RequestType.Freeze, _clock.Now);
            SendOutcome outcome = _device.SendFreeze(deadlineMs, noticeMs, selectors ?? [], out uint requestId);
            return Start(operation, outcome, requestId, TimeSpan.FromMilliseconds(deadlineMs));
        }

        /// <summary>Asks the guest to thaw everything it holds frozen; a THAW with nothing frozen is OK (FF-HOST-7).</summary>
        public HostOperation Thaw()
        {
            var operation = new HostOperation(RequestType.Thaw, _clock.Now);
            SendOutcome outcome = _device.SendThaw(out uint requestId);
            return Start(operation, outcome, requestId, Options.ReplyTimeout);
        }

        /// <summary>Asks the guest for its freeze state; allowed while a FREEZE or THAW awaits its reply (FF-DEV-8).</summary>
        public HostOperation Status()
        {
            var operation = new HostOperation(RequestType.Status, _clock.Now);
            SendOutcome outcome = _device.SendStatus(out uint requestId);
            return Start(operation, outcome, requestId, Options.ReplyTimeout);
        }

        /// <inheritdoc />
        void IFsFreezeDeviceObserver.OnRequestCompleted(uint requestId, in ReplyVerdict verdict)
        {
            if (!_pending.Remove(requestId, out PendingRequest pending))
            {
                return;
            }

            _clock.Cancel(pending.Timer);
            HostResult result;
            if (verdict.IsAccepted)
            {
                Remember(verdict.Reply);
                result = HostResult.Completed(verdict.Reply);
            }
            else
            {
                result = HostResult.ProtocolError(verdict.Problem, verdict.Reply);
            }

            Finish(pending.Operation, result);
        }

        /// <inheritdoc />
        void IFsFreezeDeviceObserver.OnEvent(in ReplyVerdict verdict)
        {
            if (verdict.Reply.Event == EventCode.AutoThawed)
            {
                AutoThawedEvents++;
            }

            Remember(verdict.Reply);
        }

        /// <inheritdoc />
        void IFsFreezeDeviceObserver.OnDriverGone(uint controlRequestId, uint statusRequestId)
        {
            foreach (uint id in new[] { controlRequestId, statusRequestId })
            {
                if (id != 0 && _pending.Remove(id, out PendingRequest pending))
                {
                    _clock.Cancel(pending.Timer);
                    Finish(pending.Operation, HostResult.NoDriver);
                }
            }
        }

        private HostOperation Start(HostOperation operation, SendOutcome outcome, uint requestId, TimeSpan timeout)
        {
            switch (outcome)
            {
                case SendOutcome.Sent:
                    operation.RequestId = requestId;
                    SimTimer timer = _clock.Schedule(timeout, $"host.{operation.Type}.{requestId}.timeout", () => TimedOut(requestId));
                    _pending[requestId] = new PendingRequest(operation, timer);
                    break;
                case SendOutcome.Busy:
                    operation.TryComplete(HostResult.Busy, _clock.Now);
                    break;
                case SendOutcome.Unsupported:
                    operation.TryComplete(HostResult.Unsupported, _clock.Now);
                    break;
                default:
                    operation.TryComplete(HostResult.NoDriver, _clock.Now);
                    break;
            }

            return operation;
        }

        /// <summary>FF-HOST-2: the wait is over; the device stops awaiting the reply, so a late one is ignored (FF-DEV-11).</summary>
        private void TimedOut(uint requestId)
        {
            if (!_pending.Remove(requestId, out PendingRequest pending))
            {
                return;
            }

            _device.Abandon(requestId);
            Finish(pending.Operation, HostResult.DeadlinePassed);
        }

        private void Finish(HostOperation operation, HostResult result)
        {
            if (!operation.TryComplete(result, _clock.Now))
            {
                return;
            }

            if (operation.Type == RequestType.Freeze && IsUnusableFreeze(result))
            {
                StartCleanupThaw(0);
            }
        }

        private void Remember(in FsFreezeReply reply) =>
            LastKnownState = new GuestStateReport(reply.State, reply.FrozenCount, reply.RemainingMs, reply.Event, _clock.Now);

        private readonly record struct PendingRequest(HostOperation Operation, SimTimer Timer);
    }
}
