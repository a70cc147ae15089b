using BenchmarkDotNet.Running;

namespace FsFreeze.Benchmarks
{
    /// <summary>Runs the benchmarks selected on the command line (BenchmarkDotNet's switcher: --filter, --job, ...).</summary>
    internal static class Program
    {
        private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
