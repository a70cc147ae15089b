using System;
using BenchmarkDotNet.Attributes;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Benchmarks
{
    /// <summary>
    /// The ring hot paths, per chain: a whole round trip (driver add, notification decision, device pop with full
    /// validation, push used, interrupt decision, driver reclaim) for one-descriptor chains in batches of 128, and
    /// for one chain of 128 descriptors. The memory diagnoser must show 0 bytes allocated per operation.
    /// </summary>
    [MemoryDiagnoser]
    public class VirtqueueBenchmarks
    {
        /// <summary>Chains per invocation of the one-descriptor round trip.</summary>
        public const int Batch = 128;
        private RingPair _pair = null!;
        private BufferSpec[] _one = null!;
        private BufferSpec[] _readable127 = null!;
        private BufferSpec[] _writable1 = null!;

        [Params(RingFormat.Split, RingFormat.Packed)]
        public RingFormat Format { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _pair = new RingPair(Format, 256);
            _one = new[] { new BufferSpec(RingPair.Buffer(0), 64) };
            _readable127 = new BufferSpec[127];
            for (int i = 0; i < _readable127.Length; i++)
            {
                _readable127[i] = new BufferSpec(RingPair.Buffer(i + 1), 64);
            }

            _writable1 = new[] { new BufferSpec(RingPair.Buffer(200), 64) };
        }

        [Benchmark(OperationsPerInvoke = Batch, Description = "round trip, 1-descriptor chains")]
        public int RoundTripOneDescriptor()
        {
            IDriverQueue driver = _pair.Driver;
            int reclaimed = 0;
            for (int i = 0; i < Batch; i++)
            {
                driver.TryAdd(default, _one, (ulong)i, false, out _);
            }

            driver.NeedsNotification();
            for (int i = 0; i < Batch; i++)
            {
                _pair.DeviceServeOne(32);
            }

            _pair.Device.NeedsInterrupt();
            while (driver.TryReclaim(out UsedBuffer used, out _))
            {
                reclaimed += (int)used.Length;
            }

            return reclaimed;
        }

        [Benchmark(Description = "round trip, one 128-descriptor chain")]
        public int RoundTrip128Descriptors()
        {
            IDriverQueue driver = _pair.Driver;
            driver.TryAdd(_readable127, _writable1, 1, false, out _);
            driver.NeedsNotification();
            _pair.DeviceServeOne(64);
            _pair.Device.NeedsInterrupt();
            driver.TryReclaim(out UsedBuffer used, out _);
            return (int)used.Length;
        }

        [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "baseline: 128 guest-memory u64 reads")]
        public ulong GuestMemoryReads()
        {
            ulong sum = 0;
            for (int i = 0; i < Batch; i++)
            {
                _pair.Memory.TryReadUInt64(RingPair.Buffer(i), out ulong value);
                sum += value;
            }

            return sum;
        }
    }
}
