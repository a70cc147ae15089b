using System;
using System.Diagnostics;
using System.IO;
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

            string root = RepositoryRoot.Find();
            RequirementIndex index = RequirementIndex.Load(Path.Combine(root, "spec"));
            if (options.WriteIndex)
            {
                string path = Path.Combine(root, "spec", "requirements.json");
                File.WriteAllText(path, index.ToJson());
                Console.WriteLine($"wrote {path}: {index.Requirements.Count} requirements");
                return Conforms;
            }

            return Run(root, index, options);
        }

        private static int Run(string root, RequirementIndex index, RunnerOptions options)
        {
            string results = Path.GetFullPath(Path.Combine(root, options.ResultsDirectory));
            string nunitDirectory = Path.Combine(results, "nunit");
            if (Directory.Exists(nunitDirectory))
            {
                Directory.Delete(nunitDirectory, recursive: true);
            }

            Directory.CreateDirectory(results);
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, UseShellExecute = false };
            start.ArgumentList.Add("test");
            start.ArgumentList.Add(Path.Combine(root, "conformance", "FsFreeze.Conformance", "FsFreeze.Conformance.csproj"));
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(options.Configuration);
            if (!options.Build)
            {
                start.ArgumentList.Add("--no-build");
            }

            start.ArgumentList.Add("--logger");
            start.ArgumentList.Add("console;verbosity=normal");
            start.ArgumentList.Add("--logger");
            start.ArgumentList.Add($"junit;LogFilePath={Path.Combine(results, "junit.xml")}");
            if (options.Filter is not null)
            {
                start.ArgumentList.Add("--filter");
                start.ArgumentList.Add(options.Filter);
            }

            start.ArgumentList.Add("--");
            start.ArgumentList.Add($"NUnit.TestOutputXml={nunitDirectory}");
            start.ArgumentList.Add($"TestRunParameters.Parameter(name=\"IUT\", value=\"{options.Implementation}\")");
            start.Environment["FSFREEZE_IUT"] = options.Implementation;
            if (options.Seed is not null)
            {
                start.Environment["FSFREEZE_SEED"] = options.Seed;
            }

            Console.WriteLine($"conformance: {options.Implementation}: dotnet {string.Join(' ', start.ArgumentList)}");
            using (Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"))
            {
                process.WaitForExit();
            }

            if (!Directory.Exists(nunitDirectory))
            {
                Console.Error.WriteLine("conformance: the suite produced no results (did it build?)");
                return RunFailed;
            }

            ConformanceReport report = ConformanceReport.Build(options.Implementation, index, NUnitResultFile.Load(nunitDirectory));
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
