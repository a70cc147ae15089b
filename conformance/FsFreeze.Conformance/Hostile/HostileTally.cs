using System.Globalization;
using System.Threading;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// Counts the generated runs of one property and prints them (to the test's output, so they land in the NUnit
    /// XML under artifacts/test-results), with <see cref="Total"/> summing every family of the test run: how many
    /// generated hostile cases one <c>make test</c> checks.
    /// </summary>
    public sealed class HostileTally
    {
        private static long total;
        private readonly string family;
        private readonly string unit;
        private readonly string flag;
        private long runs;
        private long work;
        private long needsResets;
        private long flagged;

        /// <summary>
        /// Starts a tally for <paramref name="family"/>, whose runs measure their work in <paramref name="unit"/> and
        /// count the runs for which <see cref="Add"/>'s flag is set as <paramref name="flag"/>.
        /// </summary>
        public HostileTally(string family, string unit = "scheduler steps", string flag = "runs leak-checked")
        {
            this.family = family;
            this.unit = unit;
            this.flag = flag;
        }

        /// <summary>Generated runs checked by every tally so far in this process.</summary>
        public static long Total => Interlocked.Read(ref total);

        /// <summary>Counts one run.</summary>
        public void Add(long runWork, int runNeedsResets, bool runFlagged)
        {
            runs++;
            work += runWork;
            needsResets += runNeedsResets;
            flagged += runFlagged ? 1 : 0;
            Interlocked.Increment(ref total);
        }

        /// <summary>Prints the tally.</summary>
        public void Print() => TestContext.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"hostile {family}: {runs} generated runs, {work} {unit}, {needsResets} DEVICE_NEEDS_RESET, {flagged} {flag}; {Total} hostile runs so far"));
    }
}
