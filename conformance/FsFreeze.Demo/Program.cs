using System;
using System.IO;
using System.Text;

namespace FsFreeze.Demo
{
    /// <summary>Entry point: <c>dotnet run --project conformance/FsFreeze.Demo -- --seed 1 --runs 20 [--real-runs 3] [--uml-runs 2]</c>.</summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            DemoArguments arguments;
            try
            {
                arguments = DemoArguments.Parse(args);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }

            var report = new StringBuilder();
            report.AppendLine("# virtio-fsfreeze: what quiescing buys a snapshot");
            report.AppendLine();
            report.AppendLine(ComparisonTable.Render(arguments.Seed, arguments.Runs, RealKernelRows.Measure(arguments.RealRuns), UmlRows.Measure(arguments.UmlRuns)));
            report.AppendLine(RingWalkthrough.Render(arguments.Seed));
            string text = report.ToString();
            Console.Write(text);
            string? directory = Path.GetDirectoryName(Path.GetFullPath(arguments.Output));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(arguments.Output, text);
            Console.Error.WriteLine($"written to {arguments.Output}");
            return 0;
        }
    }
}
