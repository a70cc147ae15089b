namespace FsFreeze.Simulation
{
    /// <summary>
    /// What a simulated task yields to the <see cref="Scheduler"/> between steps. A task is a C# iterator of
    /// <see cref="Wait"/> values: yielding <see cref="Yield"/> is a preemption point (the task stays runnable and
    /// the scheduler may run another first); yielding a <see cref="WaitQueue"/> parks the task on it until someone
    /// wakes it. Parking happens after the yield with nothing else running in between, so no wake-up is lost.
    /// </summary>
    public class Wait
    {
        /// <summary>Creates a wait; only the scheduler's own kinds exist.</summary>
        private protected Wait()
        {
        }

        /// <summary>A preemption point: stay runnable, let the scheduler pick who runs next.</summary>
        public static Wait Yield { get; } = new Wait();
    }
}
