using System;
using System.Collections.Generic;

namespace FsFreeze.Simulation
{
    /// <summary>
    /// Simulated time. It never moves by itself: the <see cref="Scheduler"/> (or a test) advances it, and timers fire
    /// in (due time, arming order) order as it passes them. Nothing reads the real clock, so runs are reproducible.
    /// </summary>
    public sealed class VirtualClock
    {
        private readonly SortedSet<SimTimer> timers = new(Comparer<SimTimer>.Create(static (a, b) =>
            a.Due != b.Due ? a.Due.CompareTo(b.Due) : a.Sequence.CompareTo(b.Sequence)));

        private long sequence;

        /// <summary>The current virtual time since the simulation started.</summary>
        public TimeSpan Now { get; private set; }

        /// <summary>Timers armed and not yet fired or cancelled.</summary>
        public int PendingTimers => timers.Count;

        /// <summary>When the earliest pending timer fires, or null when none is pending.</summary>
        public TimeSpan? NextDue => timers.Count == 0 ? null : timers.Min!.Due;

        /// <summary>Arms a timer <paramref name="delay"/> from now (a negative delay counts as zero).</summary>
        public SimTimer Schedule(TimeSpan delay, string name, Action callback)
        {
            ArgumentNullException.ThrowIfNull(callback);
            var timer = new SimTimer(name, Now + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay), sequence++, callback);
            timers.Add(timer);
            return timer;
        }

        /// <summary>Disarms <paramref name="timer"/>; false if it already fired or was cancelled (as <c>del_timer</c>).</summary>
        public bool Cancel(SimTimer timer)
        {
            ArgumentNullException.ThrowIfNull(timer);
            if (!timer.IsPending)
            {
                return false;
            }

            timer.IsPending = false;
            return timers.Remove(timer);
        }

        /// <summary>Moves to the earliest pending timer's due time and fires it; false when none is pending.</summary>
        public bool FireNext()
        {
            if (timers.Count == 0)
            {
                return false;
            }

            SimTimer next = timers.Min!;
            timers.Remove(next);
            if (next.Due > Now)
            {
                Now = next.Due;
            }

            next.IsPending = false;
            next.HasFired = true;
            next.Callback();
            return true;
        }

        /// <summary>Advances to <paramref name="time"/>, firing every timer due at or before it, in order.</summary>
        public void AdvanceTo(TimeSpan time)
        {
            while (timers.Count > 0 && timers.Min!.Due <= time)
            {
                FireNext();
            }

            if (time > Now)
            {
                Now = time;
            }
        }

        /// <summary>Advances by <paramref name="duration"/>, firing due timers.</summary>
        public void Advance(TimeSpan duration) => AdvanceTo(Now + duration);
    }
}
