using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace FsFreeze.Benchmarks
{
    /// <summary>
    /// The C baseline and the C# round trips measured in turn, three rounds, each in processor time, keeping the
    /// fastest of each. On a machine shared with other jobs the load changes within a run; alternating the two
    /// and counting only the time the process ran keeps the ratio fair, where BenchmarkDotNet's wall-clock
    /// figures, taken minutes after the one C measurement, are not comparable to it.
    /// <para>
    /// Each C# loop runs in a process of its own (<c>FsFreeze.Benchmarks --loop split|packed</c>), as the C binary
    /// and as each BenchmarkDotNet case do: the round trip's call sites are shared by both formats, so in one
    /// process the JIT specialises them for whichever format ran first and the other one is measured through
    /// interface dispatch (packed measured 42.7 ns in-process after split against 31.4 ns on its own).
    /// </para>
    /// </summary>
    internal sealed record PairedComparison(double C, double Split, double Packed)
    {
        private const int Rounds = 3;
        private const long Chains = 10_000_000;

        /// <summary>Runs <paramref name="cBinary"/> (bench/c/ring_bench.c built with CPU-time timing) and the C# loops alternately, each in its own process.</summary>
        public static PairedComparison Run(string cBinary)
        {
            var c = new double[Rounds];
            var split = new double[Rounds];
            var packed = new double[Rounds];
            for (int round = 0; round < Rounds; round++)
            {
                c[round] = RunC(cBinary);
                split[round] = RunLoop("split");
                packed[round] = RunLoop("packed");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"paired round {round + 1}: C {c[round]:F2} ns, split {split[round]:F2} ns, packed {packed[round]:F2} ns per chain"));
            }

            return new PairedComparison(c.Min(), split.Min(), packed.Min());
        }

        private static double RunC(string cBinary)
        {
            var start = new ProcessStartInfo(cBinary) { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(Chains.ToString(CultureInfo.InvariantCulture));
            return RunChild(start);
        }

        /// <summary>This assembly's <c>--loop <paramref name="format"/></c> in a fresh process, under the same dotnet host.</summary>
        private static double RunLoop(string format)
        {
            string host = Environment.ProcessPath is string path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
            var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(typeof(PairedComparison).Assembly.Location);
            start.ArgumentList.Add("--loop");
            start.ArgumentList.Add(format);
            start.ArgumentList.Add(Chains.ToString(CultureInfo.InvariantCulture));
            return RunChild(start);
        }

        /// <summary>Runs a measurement process (two minutes at most) and reads the ns_per_chain it prints.</summary>
        private static double RunChild(ProcessStartInfo start)
        {
            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
            // Read while waiting, so a child that goes silent is killed at the timeout instead of blocking the read.
            System.Threading.Tasks.Task<string> read = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{start.FileName} ran longer than two minutes");
            }

            string output = read.GetAwaiter().GetResult();

            const string Key = "ns_per_chain=";
            int at = output.IndexOf(Key, StringComparison.Ordinal);
            string number = at < 0 ? string.Empty : new string(output[(at + Key.Length)..].TakeWhile(ch => char.IsDigit(ch) || ch == '.').ToArray());
            return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double ns)
                ? ns
                : throw new InvalidOperationException($"{start.FileName} printed no ns_per_chain: {output}");
        }
    }
}
