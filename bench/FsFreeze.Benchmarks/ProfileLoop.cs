using System;
using System.Diagnostics;
using System.Globalization;

namespace FsFreeze.Benchmarks
{
    /// <summary>
    /// A plain loop over the split or packed round trip (or one ring end), outside BenchmarkDotNet, timed in
    /// processor time: for profilers (<c>perf record</c> with <c>DOTNET_PerfMapEnabled=1</c>) and for the paired
    /// comparison with the C baseline that <c>make bench</c> writes. Run with
    /// <c>--loop split|packed|device-split|device-packed|driver-split|driver-packed CHAINS</c>.
    /// </summary>
    internal static class ProfileLoop
    {
        public static int Run(string format, long chains)
        {
            double ns = Measure(format, chains, out long checksum);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"format={format} ns_per_chain={ns:F2} checksum={checksum}"));
            return 0;
        }

        /// <summary>Processor nanoseconds per chain of <paramref name="format"/> over about <paramref name="chains"/> chains.</summary>
        public static double Measure(string format, long chains, out long checksum)
        {
            // "split" or "packed" for the round trip; "device-split", "driver-packed" and so on for one end alone.
            RingFormat ringFormat = format.EndsWith("packed", StringComparison.OrdinalIgnoreCase) ? RingFormat.Packed : RingFormat.Split;
            var roundTrip = new VirtqueueBenchmarks { Format = ringFormat };
            var ends = new RingEndBenchmarks { Format = ringFormat };
            roundTrip.Setup();
            ends.Setup();
            Func<int> benchmark = format.StartsWith("device", StringComparison.OrdinalIgnoreCase) ? ends.DeviceEnd
                : format.StartsWith("driver", StringComparison.OrdinalIgnoreCase) ? ends.DriverEnd
                : roundTrip.RoundTripOneDescriptor;
            long batches = Math.Max(1, chains / VirtqueueBenchmarks.Batch);
            checksum = 0;

            // Warm up past tiered compilation before timing.
            for (int i = 0; i < 20_000; i++)
            {
                checksum += benchmark();
            }

            // Processor time, not wall time: on a shared machine the time the process spends descheduled is noise.
            using Process self = Process.GetCurrentProcess();
            TimeSpan start = self.TotalProcessorTime;
            for (long i = 0; i < batches; i++)
            {
                checksum += benchmark();
            }

            self.Refresh();
            return (self.TotalProcessorTime - start).TotalNanoseconds / (batches * VirtqueueBenchmarks.Batch);
        }
    }
}
