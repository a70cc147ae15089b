using System;
using System.IO;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Adapters.Plugins;
using FsFreeze.Conformance.Reporting;

namespace FsFreeze.Conformance.Runner
{
    /// <summary>Entry point of <c>fsfreeze-conformance</c>.</summary>
    internal static class Program
    {
        private const int Conforms = 0;
        private const int MustFailed = 1;
        private const int RunFailed = 2;

        private static int Main(string[] args)
        {
            RunnerOptions options;
            try
            {
                options = RunnerOptions.Parse(args);
            }
            catch (ArgumentException error)
            {
                Console.Error.WriteLine(error.Message);
                Console.Error.WriteLine(RunnerOptions.Usage);
                return RunFailed;
            }

            if (options.Help)
            {
                Console.WriteLine(RunnerOptions.Usage);
                return Conforms;
            }

            if (options.ListImplementations)
            {
                foreach ((string name, string description) in Implementations.Selectable)
                {
                    Console.WriteLine($"{name,-48} {description}");
                }

                Console.WriteLine($"{AssemblyImplementation.Syntax,-48} {Implementations.AssemblyDescription}");

                return Conforms;
            }

            string root = RepositoryRoot.Find();
            RequirementIndex index = RequirementIndex.Load(Path.Combine(root, "spec"));
            if (options.WriteIndex)
            {
                string path = Path.Combine(root, "spec", "requirements.json");
                File.WriteAllText(path, index.ToJson());
                Console.WriteLine($"wrote {path}: {index.Requirements.Count} requirements");
                return Conforms;
            }

            return options.SelfCheck ? SelfCheck.Run(root, index, options) : Run(root, index, options);
        }

        private static int Run(string root, RequirementIndex index, RunnerOptions options)
        {
            // Checked here as well as by the suite's own test, because a --filter would leave that test out and a
            // run in which nothing could be loaded would then report every requirement NOT TESTED and exit 0.
            ResolvedImplementation resolved = Implementations.Resolve(options.Implementation);
            if (!resolved.Succeeded)
            {
                Console.Error.WriteLine($"conformance: {resolved.Error}");
                return RunFailed;
            }

            string results = Path.GetFullPath(Path.Combine(root, options.ResultsDirectory));
            ConformanceReport? run = SuiteRun.Run(root, index, options, options.Implementation, options.Filter ?? Implementations.RoleFilter(resolved), results, options.Build, quiet: false);
            if (run is null)
            {
                Console.Error.WriteLine("conformance: the suite produced no results (did it build?)");
                return RunFailed;
            }

            ConformanceReport report = run;
            if (report.Results.Count == 0)
            {
                Console.Error.WriteLine("conformance: no test ran");
                return RunFailed;
            }

            string markdown = Path.Combine(results, "report.md");
            File.WriteAllText(markdown, report.RenderMarkdown());
            Console.WriteLine();
            Console.Write(report.RenderTable());
            Console.WriteLine();
            Console.WriteLine(report.Summary());
            Console.WriteLine($"report: {markdown}");
            Console.WriteLine($"junit:  {Path.Combine(results, "junit.xml")}");
            foreach (string unknown in report.UnknownIds)
            {
                Console.Error.WriteLine($"conformance: a test names {unknown}, which spec/ does not define");
            }

            return report.AnyMustFailed ? MustFailed : Conforms;
        }
    }
}
