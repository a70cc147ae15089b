using System.Collections.Generic;
using System.Linq;

namespace FsFreeze.Simulation
{
    /// <summary>The result of a <see cref="Scheduler"/> run: why it stopped, and who was left blocked on what.</summary>
    /// <param name="Outcome">Why the run stopped.</param>
    /// <param name="Steps">Task steps taken by this run.</param>
    /// <param name="Blocked">Tasks blocked when it stopped, each with the queue it waits on.</param>
    /// <param name="Seed">The scheduler's seed, so any failure report can replay the run.</param>
    public sealed record RunResult(RunOutcome Outcome, int Steps, IReadOnlyList<BlockedTask> Blocked, ulong Seed)
    {
        /// <inheritdoc />
        public override string ToString() =>
            $"{Outcome} after {Steps} steps (seed {Seed})" +
            (Blocked.Count == 0 ? string.Empty : "; blocked: " + string.Join(", ", Blocked.Select(static b => b.ToString())));
    }

    /// <summary>A task left blocked at the end of a run.</summary>
    /// <param name="Task">The task's name.</param>
    /// <param name="Queue">The name of the queue it is parked on.</param>
    public sealed record BlockedTask(string Task, string Queue)
    {
        /// <inheritdoc />
        public override string ToString() => $"{Task} on {Queue}";
    }
}
