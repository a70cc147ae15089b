namespace FsFreeze.Simulation
{
    /// <summary>Where a <see cref="SimTask"/> is in its life.</summary>
    public enum TaskState
    {
        /// <summary>Ready to take its next step.</summary>
        Runnable,

        /// <summary>Parked on a <see cref="WaitQueue"/> (uninterruptible sleep, as <c>sb_start_write</c>).</summary>
        Blocked,

        /// <summary>Its iterator finished.</summary>
        Done,
    }
}
