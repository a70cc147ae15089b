using System.Collections.Generic;

namespace FsFreeze.Simulation
{
    /// <summary>
    /// A FIFO of parked tasks, the simulation's <c>wait_queue_head_t</c>. Tasks are woken in the order they
    /// parked; waking makes them runnable, it does not run them.
    /// </summary>
    public sealed class WaitQueue : Wait
    {
        private readonly Queue<SimTask> waiters = new();

        /// <summary>Creates an empty queue named <paramref name="name"/> (shown in traces and hang reports).</summary>
        public WaitQueue(string name)
        {
            Name = name;
        }

        /// <summary>The queue's name, for example "ext4(8:1).sb_writers".</summary>
        public string Name { get; }

        /// <summary>Number of tasks parked here.</summary>
        public int Count => waiters.Count;

        /// <summary>Wakes every parked task, oldest first. Returns how many were woken.</summary>
        public int WakeAll()
        {
            int woken = 0;
            while (WakeOne())
            {
                woken++;
            }

            return woken;
        }

        /// <summary>Wakes the oldest parked task; false when none is parked.</summary>
        public bool WakeOne()
        {
            if (!waiters.TryDequeue(out SimTask? task))
            {
                return false;
            }

            task.Scheduler.MakeRunnable(task);
            return true;
        }

        /// <inheritdoc />
        public override string ToString() => Name;

        internal void Park(SimTask task) => waiters.Enqueue(task);
    }
}
