namespace FsFreeze.Simulation
{
    /// <summary>How the <see cref="Scheduler"/> picks the next runnable task.</summary>
    public enum SchedulingPolicy
    {
        /// <summary>A uniformly random runnable task, drawn from the seeded <see cref="SplitMix64"/>.</summary>
        SeededRandom,

        /// <summary>The task that became runnable first (round robin); the seed is not consulted.</summary>
        Fifo,
    }
}
