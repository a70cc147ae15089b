using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace FsFreeze.Benchmarks
{
    /// <summary>
    /// The C baseline and the C# round trips measured in turn, three rounds, each in processor time, keeping the
    /// fastest of each. On a machine shared with other jobs the load changes within a run; alternating the two
    /// and counting only the time the process ran keeps the ratio fair, where BenchmarkDotNet's wall-clock
    /// figures, taken minutes after the one C measurement, are not comparable to it.
    /// </summary>
    internal sealed record PairedComparison(double C, double Split, double Packed)
    {
        private const int Rounds = 3;
        private const long Chains = 10_000_000;

        /// <summary>Runs <paramref name="cBinary"/> (bench/c/ring_bench.c built with CPU-time timing) and the C# loops alternately.</summary>
        public static PairedComparison Run(string cBinary)
        {
            var c = new double[Rounds];
            var split = new double[Rounds];
            var packed = new double[Rounds];
            for (int round = 0; round < Rounds; round++)
            {
                c[round] = RunC(cBinary);
                split[round] = ProfileLoop.Measure("split", Chains, out _);
                packed[round] = ProfileLoop.Measure("packed", Chains, out _);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"paired round {round + 1}: C {c[round]:F2} ns, split {split[round]:F2} ns, packed {packed[round]:F2} ns per chain"));
            }

            return new PairedComparison(c.Min(), split.Min(), packed.Min());
        }

        private static double RunC(string cBinary)
        {
            var start = new ProcessStartInfo(cBinary, Chains.ToString(CultureInfo.InvariantCulture)) { RedirectStandardOutput = true, UseShellExecute = false };
            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{cBinary} did not start");
            string output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(120_000))
            {
                process.Kill();
                throw new TimeoutException($"{cBinary} ran longer than two minutes");
            }

            const string Key = "ns_per_chain=";
            int at = output.IndexOf(Key, StringComparison.Ordinal);
            string number = at < 0 ? string.Empty : new string(output[(at + Key.Length)..].TakeWhile(ch => char.IsDigit(ch) || ch == '.').ToArray());
            return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double ns)
                ? ns
                : throw new InvalidOperationException($"{cBinary} printed no ns_per_chain: {output}");
        }
    }
}
