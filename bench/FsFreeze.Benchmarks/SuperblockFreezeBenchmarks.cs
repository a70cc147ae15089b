using System;
using BenchmarkDotNet.Attributes;
using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Requests;
using FsFreeze.Simulation;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Benchmarks
{
    /// <summary>
    /// The driver model's FREEZE then THAW of N ext4 superblocks, per superblock: the device sends FREEZE, the
    /// guest runs until the reply, then THAW likewise (the whole path: requestq, the walk, freeze_super and
    /// thaw_super on the VFS model, replies with up to 64 entries).
    /// <para>
    /// BenchmarkDotNet's OperationsPerInvoke is a constant, so every invoke handles the same number of superblocks,
    /// <see cref="SuperblocksPerInvoke"/>: 10000/N FREEZE+THAW cycles of N superblocks. The per-operation time is
    /// then the time per superblock for every N (OperationsPerInvoke = N per cycle). The scheduler keeps its whole
    /// trace, so each iteration starts from a fresh guest, built outside the measurement, and runs two invokes.
    /// </para>
    /// </summary>
    [MemoryDiagnoser]
    [InvocationCount(2, 1)]
    public class SuperblockFreezeBenchmarks
    {
        /// <summary>Superblocks frozen and thawed by one invoke, whatever N.</summary>
        public const int SuperblocksPerInvoke = 10000;

        private Scheduler scheduler = null!;
        private LoopbackFsFreezeDevice device = null!;
        private uint nextId;

        /// <summary>Superblocks mounted in the guest.</summary>
        [Params(10, 100, 1000, 10000)]
        public int N { get; set; }

        /// <summary>A fresh guest with <see cref="N"/> ext4 mounts, the driver bound, and one checked cycle done.</summary>
        [IterationSetup]
        public void Setup()
        {
            scheduler = new Scheduler(1, SchedulingPolicy.Fifo);
            var vfs = new VirtualFileSystem(scheduler);
            for (int i = 0; i < N; i++)
            {
                DiskDevice disk = vfs.AddDisk($"/dev/vd{i}", 253, (uint)i);
                vfs.Mount(FilesystemTypes.Ext4, disk, i == 0 ? "/" : "/m" + i);
            }

            // Guest memory for the queues and the buffers (8 KiB requests, replies of 64 entries).
            GuestMemory memory = GuestMemory.Allocate(0x10_0000, 4 << 20);
            device = new LoopbackFsFreezeDevice(new FsFreezeConfig(8192, 64, 600_000));
            var line = new Line();
            var transport = new VirtioMmioTransport(device, memory, line);
            var driver = new FsFreezeDriver(transport, memory, new GuestAddressAllocator(0x10_0000, 4 << 20), vfs);
            line.Driver = driver;
            if (driver.Probe() != ProbeOutcome.Bound)
            {
                throw new InvalidOperationException("probe failed");
            }

            FreezeAndThaw();
            if (device.LastStatus != ReplyStatus.Ok || driver.HeldSuperBlocks.Count != 0)
            {
                throw new InvalidOperationException($"a FREEZE/THAW cycle of {N} superblocks did not end OK and thawed");
            }
        }

        /// <summary>10000/N FREEZE+THAW cycles of all N superblocks: reported per superblock.</summary>
        [Benchmark(Description = "FREEZE+THAW, per superblock", OperationsPerInvoke = SuperblocksPerInvoke)]
        public int FreezeThawPerSuperblock()
        {
            int replies = 0;
            for (int cycle = SuperblocksPerInvoke / N; cycle > 0; cycle--)
            {
                replies += FreezeAndThaw();
            }

            return replies;
        }

        private int FreezeAndThaw()
        {
            Exchange(FsFreezeRequest.Freeze(++nextId, 600_000).ToArray());
            Exchange(FsFreezeRequest.Thaw(++nextId).ToArray());
            return device.RepliesRead;
        }

        private void Exchange(byte[] request)
        {
            int before = device.RepliesRead;
            if (!device.Send(request))
            {
                throw new InvalidOperationException("no request buffer posted");
            }

            scheduler.RunUntil(() => device.RepliesRead > before);
        }

        private sealed class Line : IInterruptLine
        {
            public FsFreezeDriver? Driver { get; set; }

            public void Raise(MmioInterrupt pending) => Driver?.OnInterrupt();
        }
    }
}
