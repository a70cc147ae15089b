using System;
using System.Collections.Generic;
using FsFreeze.Simulation;

namespace FsFreeze.Systems
{
    /// <summary>
    /// The guest's timer tick (jiffies). Every <see cref="Quantum"/> one timer fires: each disk completes I/O and
    /// every task sleeping on the tick wakes, all at once. That matters: the scheduler fires timers one at a time and
    /// runs what each woke to its next sleep, so tasks woken by separate timers never interleave; tasks woken by one
    /// tick are runnable together and the seeded scheduler interleaves their steps, as CPUs would. That is what lets
    /// writeback meet an application's half-done in-place update (the seed's claim 3). The tick stops when nothing
    /// waits for it, so a finished simulation has no timer left.
    /// </summary>
    public sealed class SystemTicker
    {
        private readonly Scheduler scheduler;
        private readonly WaitQueue tick = new("tick");
        private readonly List<Action> handlers = new();
        private SimTimer? timer;

        /// <summary>A tick every <paramref name="quantum"/> on <paramref name="scheduler"/>'s clock.</summary>
        public SystemTicker(Scheduler scheduler, TimeSpan quantum)
        {
            ArgumentNullException.ThrowIfNull(scheduler);
            this.scheduler = scheduler;
            Quantum = quantum > TimeSpan.Zero ? quantum : TimeSpan.FromMilliseconds(1);
        }

        /// <summary>The tick period.</summary>
        public TimeSpan Quantum { get; }

        /// <summary>Ticks fired so far.</summary>
        public long Ticks { get; private set; }

        /// <summary>Runs <paramref name="handler"/> at every tick, before sleepers wake (a disk's completion interrupt).</summary>
        public void OnTick(Action handler)
        {
            ArgumentNullException.ThrowIfNull(handler);
            handlers.Add(handler);
        }

        /// <summary>Makes sure the next tick comes (a handler with pending work calls this).</summary>
        public void Arm()
        {
            if (timer is { IsPending: true })
            {
                return;
            }

            timer = scheduler.Clock.Schedule(Quantum, "tick", Fire);
        }

        /// <summary>Sleeps <paramref name="ticks"/> ticks (at least one).</summary>
        public IEnumerable<Wait> Sleep(int ticks)
        {
            for (int i = 0; i < Math.Max(1, ticks); i++)
            {
                Arm();
                yield return tick;
            }
        }

        private void Fire()
        {
            Ticks++;
            foreach (Action handler in handlers)
            {
                handler();
            }

            tick.WakeAll();
        }
    }
}
