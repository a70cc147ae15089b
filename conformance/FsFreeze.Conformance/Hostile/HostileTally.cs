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
        private long runs;
        private long work;
        private long needsResets;
        private long leakChecked;

        /// <summary>Starts a tally for <paramref name="family"/>, whose runs measure their work in <paramref name="unit"/>.</summary>
        public HostileTally(string family, string unit = "scheduler steps")
        {
            this.family = family;
            this.unit = unit;
        }

        /// <summary>Generated runs checked by every tally so far in this process.</summary>
        public static long Total => Interlocked.Read(ref total);

        /// <summary>Counts one run.</summary>
        public void Add(long runWork, int runNeedsResets, bool runLeakChecked)
        {
            runs++;
            work += runWork;
            needsResets += runNeedsResets;
            leakChecked += runLeakChecked ? 1 : 0;
            Interlocked.Increment(ref total);
        }

        /// <summary>Prints the tally.</summary>
        public void Print() => TestContext.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"hostile {family}: {runs} generated runs, {work} {unit}, {needsResets} DEVICE_NEEDS_RESET, {leakChecked} runs leak-checked; {Total} hostile runs so far"));
    }
}
