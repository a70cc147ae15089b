using System;
using System.Collections.Generic;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol.Replies;
using FsFreeze.Simulation;

namespace FsFreeze.Systems
{
    /// <summary>
    /// Sits between the device and the host API (the device has one observer) and notes when each reply and event
    /// arrived, in virtual time, before passing it on unchanged. The system runs use it to know the moment the
    /// guest's FREEZE reply reached the host: every write acknowledged before it must be in the snapshot (FF-DRV-23).
    /// </summary>
    public sealed class ReplyTap : IFsFreezeDeviceObserver
    {
        private readonly IFsFreezeDeviceObserver inner;
        private readonly VirtualClock clock;
        private readonly List<(TimeSpan At, FsFreezeReply Reply)> arrivals = new();

        /// <summary>Forwards to <paramref name="inner"/> (the host).</summary>
        public ReplyTap(IFsFreezeDeviceObserver inner, VirtualClock clock)
        {
            ArgumentNullException.ThrowIfNull(inner);
            ArgumentNullException.ThrowIfNull(clock);
            this.inner = inner;
            this.clock = clock;
        }

        /// <summary>Accepted replies and events, with their arrival time, in order.</summary>
        public IReadOnlyList<(TimeSpan At, FsFreezeReply Reply)> Arrivals => arrivals;

        /// <inheritdoc />
        public void OnRequestCompleted(uint requestId, in ReplyVerdict verdict)
        {
            if (verdict.IsAccepted)
            {
                arrivals.Add((clock.Now, verdict.Reply));
            }

            inner.OnRequestCompleted(requestId, verdict);
        }

        /// <inheritdoc />
        public void OnEvent(in ReplyVerdict verdict)
        {
            arrivals.Add((clock.Now, verdict.Reply));
            inner.OnEvent(verdict);
        }

        /// <inheritdoc />
        public void OnDriverGone(uint controlRequestId, uint statusRequestId) => inner.OnDriverGone(controlRequestId, statusRequestId);
    }
}
