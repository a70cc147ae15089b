using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using FsFreeze.Conformance.Reporting;

namespace FsFreeze.Conformance.Runner
{
    /// <summary>One <c>dotnet test</c> run of the suite against one IUT, read back as a conformance report.</summary>
    internal static class SuiteRun
    {
        /// <summary>
        /// Runs the suite with <paramref name="implementation"/> and <paramref name="filter"/>, writing junit.xml and
        /// nunit/ under <paramref name="results"/>; returns the report, or null when the run produced no results.
        /// With <paramref name="quiet"/> the test output is discarded (the self-check prints one line per run).
        /// </summary>
        public static ConformanceReport? Run(string root, RequirementIndex index, RunnerOptions options, string implementation, string? filter, string results, bool build, bool quiet)
        {
            string nunitDirectory = Path.Combine(results, "nunit");
            if (Directory.Exists(nunitDirectory))
            {
                Directory.Delete(nunitDirectory, recursive: true);
            }

            Directory.CreateDirectory(results);
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = quiet };
            start.ArgumentList.Add("test");
            start.ArgumentList.Add(Path.Combine(root, "conformance", "FsFreeze.Conformance", "FsFreeze.Conformance.csproj"));
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(options.Configuration);
            if (!build)
            {
                start.ArgumentList.Add("--no-build");
            }

            start.ArgumentList.Add("--logger");
            start.ArgumentList.Add(quiet ? "console;verbosity=quiet" : "console;verbosity=normal");
            start.ArgumentList.Add("--logger");
            start.ArgumentList.Add($"junit;LogFilePath={Path.Combine(results, "junit.xml")}");
            if (filter is not null)
            {
                start.ArgumentList.Add("--filter");
                start.ArgumentList.Add(filter);
            }

            start.ArgumentList.Add("--");
            start.ArgumentList.Add($"NUnit.TestOutputXml={nunitDirectory}");
            start.ArgumentList.Add($"TestRunParameters.Parameter(name=\"IUT\", value=\"{implementation}\")");
            start.Environment["FSFREEZE_IUT"] = implementation;
            if (options.Seed is not null)
            {
                start.Environment["FSFREEZE_SEED"] = options.Seed;
            }

            if (!quiet)
            {
                Console.WriteLine($"conformance: {implementation}: dotnet {string.Join(' ', start.ArgumentList)}");
            }

            using (Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"))
            {
                if (quiet)
                {
                    // Drained, not read: a full pipe would stall the child.
                    process.OutputDataReceived += (_, _) => { };
                    process.BeginOutputReadLine();
                }

                process.WaitForExit();
            }

            if (!Directory.Exists(nunitDirectory))
            {
                return null;
            }

            IReadOnlyList<TestCaseResult> testResults = NUnitResultFile.Load(nunitDirectory);
            return ConformanceReport.Build(implementation, index, testResults);
        }
    }
}
