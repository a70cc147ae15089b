using System;
using BenchmarkDotNet.Attributes;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Benchmarks
{
    /// <summary>
    /// Each end of the ring on its own, per chain, over batches of 128 one-descriptor chains on a 256-entry queue
    /// with EVENT_IDX (as the round trip and the C baseline). The other end is a scripted peer that makes only the
    /// stores the protocol needs (<see cref="ScriptedDriver"/>, <see cref="ScriptedDevice"/>), done inside the
    /// measured invocation: no iteration setup, so BenchmarkDotNet runs many invocations per iteration and the
    /// figures carry no per-iteration overhead. The peer's share is small (one store per batch for a split driver,
    /// a 2 KiB copy per batch for a packed one, two or three stores per chain for a device), and it is counted in.
    /// </summary>
    [MemoryDiagnoser]
    public class RingEndBenchmarks
    {
        private const int Chains = 128;
        private RingPair _devicePair = null!;
        private ScriptedDriver _scriptedDriver = null!;
        private RingPair _driverPair = null!;
        private ScriptedDevice _scriptedDevice = null!;
        private BufferSpec[] _one = null!;
        private ushort[] _ids = null!;

        [Params(RingFormat.Split, RingFormat.Packed)]
        public RingFormat Format { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _devicePair = new RingPair(Format, 2 * Chains);
            _scriptedDriver = new ScriptedDriver(_devicePair, Chains);
            _driverPair = new RingPair(Format, 2 * Chains);
            _scriptedDevice = new ScriptedDevice(_driverPair);
            _one = new[] { new BufferSpec(RingPair.Buffer(0), 64) };
            _ids = new ushort[Chains];
        }

        [Benchmark(OperationsPerInvoke = Chains, Description = "device end: pop + validate + push used, 1-descriptor chain")]
        public int DeviceEnd()
        {
            _scriptedDriver.PublishBatch();
            for (int i = 0; i < Chains; i++)
            {
                _devicePair.DeviceServeOne(32);
            }

            IDeviceQueue device = _devicePair.Device;
            return device.Error == QueueError.None ? (device.NeedsInterrupt() ? 1 : 0) : throw new InvalidOperationException($"device end broke: {device.Error}");
        }

        [Benchmark(OperationsPerInvoke = Chains, Description = "driver end: add + kick decision + reclaim, 1-descriptor chain")]
        public int DriverEnd()
        {
            IDriverQueue driver = _driverPair.Driver;
            for (int i = 0; i < Chains; i++)
            {
                driver.TryAdd(default, _one, (ulong)i, false, out _ids[i]);
            }

            driver.NeedsNotification();
            _scriptedDevice.UseAll(_ids, 32);
            int reclaimed = 0;
            while (driver.TryReclaim(out UsedBuffer used, out _))
            {
                reclaimed += (int)used.Length;
            }

            return reclaimed == Chains * 32 ? reclaimed : throw new InvalidOperationException($"reclaimed {reclaimed} bytes");
        }
    }
}
