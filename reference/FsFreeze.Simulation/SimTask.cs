using System.Collections.Generic;

namespace FsFreeze.Simulation
{
    /// <summary>
    /// A simulated kernel or user task: an iterator stepped by the <see cref="Scheduler"/>. One step runs the
    /// iterator to its next <c>yield return</c>.
    /// </summary>
    public sealed class SimTask
    {
        private readonly IEnumerator<Wait> body;

        internal SimTask(Scheduler scheduler, int id, string name, IEnumerable<Wait> body)
        {
            Scheduler = scheduler;
            Id = id;
            Name = name;
            this.body = body.GetEnumerator();
        }

        /// <summary>The scheduler that runs this task.</summary>
        public Scheduler Scheduler { get; }

        /// <summary>Spawn order, starting at 1.</summary>
        public int Id { get; }

        /// <summary>The name given at spawn, used in traces.</summary>
        public string Name { get; }

        /// <summary>Runnable, blocked or done.</summary>
        public TaskState State { get; internal set; }

        /// <summary>The queue the task is parked on while <see cref="TaskState.Blocked"/>.</summary>
        public WaitQueue? WaitingOn { get; internal set; }

        /// <summary>Steps taken so far.</summary>
        public int Steps { get; private set; }

        /// <inheritdoc />
        public override string ToString() => $"#{Id} {Name}";

        /// <summary>Runs one step; returns what the task yielded, or null when it finished.</summary>
        internal Wait? Step()
        {
            Steps++;
            if (!body.MoveNext())
            {
                body.Dispose();
                return null;
            }

            return body.Current ?? Wait.Yield;
        }
    }
}
