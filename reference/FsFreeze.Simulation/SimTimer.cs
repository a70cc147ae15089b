using System;

namespace FsFreeze.Simulation
{
    /// <summary>A one-shot timer on a <see cref="VirtualClock"/> (the simulation's <c>timer_list</c>/delayed work).</summary>
    public sealed class SimTimer
    {
        internal SimTimer(string name, TimeSpan due, long sequence, Action callback)
        {
            Name = name;
            Due = due;
            Sequence = sequence;
            Callback = callback;
        }

        /// <summary>The name given when the timer was armed.</summary>
        public string Name { get; }

        /// <summary>The virtual time at which it fires.</summary>
        public TimeSpan Due { get; }

        /// <summary>Arming order: timers due at the same time fire in this order.</summary>
        public long Sequence { get; }

        /// <summary>True until it fires or is cancelled.</summary>
        public bool IsPending { get; internal set; } = true;

        /// <summary>True once its callback has run.</summary>
        public bool HasFired { get; internal set; }

        internal Action Callback { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Name}@{Due.TotalMilliseconds}ms";
    }
}
