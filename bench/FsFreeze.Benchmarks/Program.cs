using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FsFreeze.Benchmarks
{
    /// <summary>
    /// Runs the benchmarks selected on the command line (BenchmarkDotNet's switcher: --filter, --job, ...). With
    /// <c>--c-baseline NS --results FILE</c> (as <c>make bench</c> passes them) it also writes the results file
    /// with the C# split and packed round trips as ratios of the C baseline measured in the same run; with
    /// <c>--c-binary PATH</c> also the paired processor-time comparison (<see cref="PairedComparison"/>).
    /// <c>--loop FORMAT CHAINS</c> and <c>--superblocks N</c> run one plain loop instead (<see cref="ProfileLoop"/>,
    /// <see cref="SuperblockLoop"/>).
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length == 3 && args[0] == "--loop")
            {
                return ProfileLoop.Run(args[1], long.Parse(args[2], CultureInfo.InvariantCulture));
            }

            if (args.Length == 2 && args[0] == "--superblocks")
            {
                return SuperblockLoop.Run(int.Parse(args[1], CultureInfo.InvariantCulture));
            }

            var passThrough = new List<string>();
            double? baseline = null;
            string? resultsFile = null;
            string? cBinary = null;
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--c-baseline" && i + 1 < args.Length)
                {
                    baseline = double.Parse(args[++i], CultureInfo.InvariantCulture);
                }
                else if (args[i] == "--c-binary" && i + 1 < args.Length)
                {
                    cBinary = args[++i];
                }
                else if (args[i] == "--results" && i + 1 < args.Length)
                {
                    resultsFile = args[++i];
                }
                else
                {
                    passThrough.Add(args[i]);
                }
            }

            IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(passThrough.ToArray());
            if (baseline is double cNanoseconds && resultsFile is not null)
            {
                // BenchmarkDotNet reports a failed build or run as a summary without results; keep the last good file.
                if (!summaries.SelectMany(s => s.Reports).Any(r => r.ResultStatistics is not null))
                {
                    Console.Error.WriteLine($"no benchmark produced a result; {resultsFile} left unchanged");
                    return 1;
                }

                PairedComparison? paired = cBinary is null ? null : PairedComparison.Run(cBinary);
                ResultsFile.Write(resultsFile, summaries, cNanoseconds, paired, passThrough);
            }

            return 0;
        }
    }
}
