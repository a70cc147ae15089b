namespace FsFreeze.Simulation
{
    /// <summary>Why a <see cref="Scheduler"/> run stopped.</summary>
    public enum RunOutcome
    {
        /// <summary>Every task finished and (for runs that move time) no timer is pending.</summary>
        Completed,

        /// <summary>The caller's condition became true.</summary>
        ConditionMet,

        /// <summary>Nothing is runnable; tasks are blocked but a pending timer might still wake them (runs that do not move time).</summary>
        Waiting,

        /// <summary>
        /// Nothing is runnable, no timer is pending, and tasks are blocked: nothing inside the simulation can ever wake
        /// them. In Linux this is a hang (a task in D state forever), for example a freeze deadlock.
        /// </summary>
        Hung,

        /// <summary>The time limit of <see cref="Scheduler.RunFor"/> was reached.</summary>
        TimeLimit,

        /// <summary>The step budget ran out (a livelock or a workload larger than the budget).</summary>
        StepLimit,
    }
}
