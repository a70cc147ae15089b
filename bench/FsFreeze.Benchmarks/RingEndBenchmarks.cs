using BenchmarkDotNet.Attributes;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Benchmarks
{
    /// <summary>
    /// Each end of the ring on its own, per chain: device pop (with full validation) + push used, driver add, and
    /// driver reclaim, over 128 one-descriptor chains on a 256-entry queue per invocation, as the round trip and the C baseline. The
    /// other end's work is done in the iteration setup, outside the measurement (BenchmarkDotNet then runs one
    /// invocation per iteration).
    /// </summary>
    [MemoryDiagnoser]
    public class RingEndBenchmarks
    {
        private const int Chains = 128;
        private RingPair _pair = null!;
        private BufferSpec[] _one = null!;

        [Params(RingFormat.Split, RingFormat.Packed)]
        public RingFormat Format { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _pair = new RingPair(Format, 256);
            _one = new[] { new BufferSpec(RingPair.Buffer(0), 64) };
        }

        [IterationSetup(Target = nameof(DevicePopAndPush))]
        public void MakeChainsAvailable() => AddAll();

        [IterationCleanup(Target = nameof(DevicePopAndPush))]
        public void ReclaimAfterDevice() => ReclaimAll();

        [IterationCleanup(Target = nameof(DriverAdd))]
        public void ServeAndReclaim()
        {
            ServeAll();
            ReclaimAll();
        }

        [IterationSetup(Target = nameof(DriverReclaim))]
        public void AddAndServe()
        {
            AddAll();
            ServeAll();
        }

        [Benchmark(OperationsPerInvoke = Chains, Description = "device end: pop + push used, 1-descriptor chain")]
        public void DevicePopAndPush() => ServeAll();

        [Benchmark(OperationsPerInvoke = Chains, Description = "driver end: add 1-descriptor chain")]
        public void DriverAdd() => AddAll();

        [Benchmark(OperationsPerInvoke = Chains, Description = "driver end: reclaim")]
        public void DriverReclaim() => ReclaimAll();

        private void AddAll()
        {
            for (int i = 0; i < Chains; i++)
            {
                _pair.Driver.TryAdd(default, _one, (ulong)i, false, out _);
            }
        }

        private void ServeAll()
        {
            for (int i = 0; i < Chains; i++)
            {
                _pair.DeviceServeOne(32);
            }
        }

        private void ReclaimAll()
        {
            while (_pair.Driver.TryReclaim(out _, out _))
            {
            }
        }
    }
}
