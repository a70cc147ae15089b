namespace FsFreeze.Demo
{
    /// <summary>One FREEZE exchange as ring traffic (filled in below).</summary>
    internal static class RingWalkthrough
    {
        public static string Render(ulong seed) => $"## One freeze exchange (seed {seed})\n";
    }
}
