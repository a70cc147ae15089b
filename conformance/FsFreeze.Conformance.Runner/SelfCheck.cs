using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.KnownBad;
using FsFreeze.Conformance.Reporting;

namespace FsFreeze.Conformance.Runner
{
    /// <summary>
    /// <c>--self-check</c>: the suite against every known-bad implementation of the catalog, filtered to the
    /// requirements it breaks. Each must come out FAIL; a known-bad the suite accepts is a bug in the suite.
    /// </summary>
    internal static class SelfCheck
    {
        /// <summary>Exit status when every known-bad was rejected.</summary>
        public const int AllRejected = 0;

        /// <summary>Exit status when some known-bad was accepted.</summary>
        public const int SomeAccepted = 1;

        /// <summary>Exit status when a run produced no results.</summary>
        public const int RunFailed = 2;

        public static int Run(string root, RequirementIndex index, RunnerOptions options)
        {
            string results = Path.GetFullPath(Path.Combine(root, options.ResultsDirectory, "self-check"));
            var clock = Stopwatch.StartNew();
            bool build = options.Build;
            int accepted = 0;
            int broken = 0;
            foreach (KnownBadImplementation entry in Implementations.KnownBad)
            {
                ConformanceReport? report = SuiteRun.Run(root, index, options, entry.IutName, entry.Filter, Path.Combine(results, entry.Name), build, quiet: true);

                // The first run builds the suite (unless --no-build); the rest reuse it.
                build = false;
                if (report is null || report.Results.Count == 0)
                {
                    Console.WriteLine($"ERROR    {entry.IutName}: no test ran (filter {entry.Filter})");
                    broken++;
                    continue;
                }

                var verdicts = entry.ExpectedFailures
                    .Select(id => (Id: id, Verdict: report.Verdicts.FirstOrDefault(v => v.Requirement.Id == id)?.Verdict ?? Verdict.NotTested))
                    .ToList();
                var missed = verdicts.Where(v => v.Verdict != Verdict.Fail).ToList();
                if (missed.Count == 0)
                {
                    Console.WriteLine($"REJECTED {entry.IutName}: {string.Join(", ", verdicts.Select(v => v.Id + " FAIL"))}");
                }
                else
                {
                    Console.WriteLine($"ACCEPTED {entry.IutName}: suite bug, {string.Join(", ", missed.Select(v => $"{v.Id} {Name(v.Verdict)}"))} ({entry.Description})");
                    accepted++;
                }
            }

            Console.WriteLine($"self-check: {Implementations.KnownBad.Count} known-bad, {Implementations.KnownBad.Count - accepted - broken} rejected, {accepted} accepted, {broken} without results; {clock.Elapsed.TotalSeconds:F1} s");
            return accepted > 0 ? SomeAccepted : broken > 0 ? RunFailed : AllRejected;
        }

        // As the report table spells them, so the two outputs read alike.
        private static string Name(Verdict verdict) => ConformanceReport.VerdictName(verdict);
    }
}
