namespace FsFreeze.RealKernel
{
    /// <summary>How an external command ended.</summary>
    /// <param name="Command">The command line, for messages.</param>
    /// <param name="ExitCode">The exit status (-1 when it timed out and was killed).</param>
    /// <param name="Output">Standard output.</param>
    /// <param name="Error">Standard error.</param>
    /// <param name="TimedOut">True when it did not end within its timeout.</param>
    public sealed record CommandResult(string Command, int ExitCode, string Output, string Error, bool TimedOut)
    {
        /// <summary>Exited with status 0 in time.</summary>
        public bool Succeeded => !TimedOut && ExitCode == 0;

        /// <inheritdoc />
        public override string ToString() =>
            TimedOut ? $"`{Command}` timed out" : $"`{Command}` exited {ExitCode}: {Error.Trim()}{(Error.Length == 0 ? Output.Trim() : string.Empty)}";
    }
}
