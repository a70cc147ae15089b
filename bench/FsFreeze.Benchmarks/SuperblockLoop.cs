using System;
using System.Diagnostics;
using System.Globalization;

namespace FsFreeze.Benchmarks
{
    /// <summary>
    /// The superblock benchmark (<see cref="SuperblockFreezeBenchmarks"/>) as a plain loop, outside BenchmarkDotNet,
    /// timed in processor time and counting the bytes allocated: for profilers and for comparing commits on a
    /// loaded machine. Run with <c>--superblocks N</c>; prints microseconds and bytes per superblock for the
    /// fastest of five invokes (each 10,000 superblocks), after one untimed warm-up invoke.
    /// </summary>
    internal static class SuperblockLoop
    {
        private const int Invokes = 5;

        public static int Run(int superblocks)
        {
            double best = double.MaxValue;
            long bytes = 0;
            for (int i = 0; i <= Invokes; i++)
            {
                // A fresh guest per invoke, as the benchmark's IterationSetup builds one: the scheduler keeps its trace.
                var benchmark = new SuperblockFreezeBenchmarks { N = superblocks };
                benchmark.Setup();
                using Process self = Process.GetCurrentProcess();
                TimeSpan start = self.TotalProcessorTime;
                long allocated = GC.GetAllocatedBytesForCurrentThread();
                benchmark.FreezeThawPerSuperblock();
                long used = GC.GetAllocatedBytesForCurrentThread() - allocated;
                self.Refresh();
                double microseconds = (self.TotalProcessorTime - start).TotalMicroseconds / SuperblockFreezeBenchmarks.SuperblocksPerInvoke;
                if (i > 0 && microseconds < best)
                {
                    best = microseconds;
                    bytes = used / SuperblockFreezeBenchmarks.SuperblocksPerInvoke;
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"superblocks={superblocks} us_per_superblock={best:F2} bytes_per_superblock={bytes}"));
            return 0;
        }
    }
}
