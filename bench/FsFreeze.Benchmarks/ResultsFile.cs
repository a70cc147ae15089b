using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;

namespace FsFreeze.Benchmarks
{
    /// <summary>Writes bench/RESULTS.md: every benchmark's mean and allocation, and the ratios to the C baseline.</summary>
    internal static class ResultsFile
    {
        public static void Write(string path, IEnumerable<Summary> summaries, double cNanosecondsPerChain, IReadOnlyList<string> arguments)
        {
            var reports = summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null).ToList();
            var text = new StringBuilder();
            text.AppendLine("# Benchmark results");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}.");
            text.AppendLine(CultureInfo.InvariantCulture, $"Command: `make bench` (BenchmarkDotNet arguments: `{string.Join(' ', arguments)}`); the C baseline is `bench/c/ring_bench.c`, gcc -O2, in the same run.");
            text.AppendLine();
            text.AppendLine("## Split and packed ring round trip against C");
            text.AppendLine();
            text.AppendLine("One-descriptor chains in batches of 128 on a 256-entry queue with EVENT_IDX: driver add, notification decision, device pop with full validation, push used, interrupt decision, driver reclaim.");
            text.AppendLine();
            text.AppendLine("| Implementation | ns per chain | ratio to C | allocated per chain |");
            text.AppendLine("|---|---|---|---|");
            text.AppendLine(CultureInfo.InvariantCulture, $"| C (uapi `linux/virtio_ring.h`, split) | {cNanosecondsPerChain:F1} | 1.00 | 0 B |");
            foreach (BenchmarkReport report in reports.Where(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(VirtqueueBenchmarks.RoundTripOneDescriptor)))
            {
                double ns = report.ResultStatistics!.Mean;
                text.AppendLine(CultureInfo.InvariantCulture, $"| C# reference, {report.BenchmarkCase.Parameters.PrintInfo} | {ns:F1} | {ns / cNanosecondsPerChain:F2} | {Allocated(report)} |");
            }

            text.AppendLine();
            text.AppendLine("## Every benchmark");
            text.AppendLine();
            text.AppendLine("RingEndBenchmarks measure one end alone: the other end's work runs in BenchmarkDotNet's iteration setup, which forces one invocation of 128 chains per iteration, so their figures carry per-iteration overhead and cold caches. Compare them with each other (split against packed), not with the round trip.");
            text.AppendLine();
            text.AppendLine("| Benchmark | Parameters | Mean (ns per operation) | Allocated per operation |");
            text.AppendLine("|---|---|---|---|");
            foreach (BenchmarkReport report in reports)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {report.BenchmarkCase.Descriptor.DisplayInfo} | {report.BenchmarkCase.Parameters.PrintInfo} | {report.ResultStatistics!.Mean:F1} | {Allocated(report)} |");
            }

            File.WriteAllText(path, text.ToString());
            Console.WriteLine($"wrote {path}");
        }

        private static string Allocated(BenchmarkReport report)
        {
            long? bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            return bytes is long b ? string.Create(CultureInfo.InvariantCulture, $"{b} B") : "n/a";
        }
    }
}
