using System;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Device.BlockLayer;
using FsFreeze.Device.Emulation;
using FsFreeze.Device.Host;
using FsFreeze.Device.Snapshot;
using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Systems
{
    /// <summary>
    /// A whole VM in one deterministic simulation: guest memory, the reference virtio-fsfreeze device behind a
    /// virtio-mmio transport whose interrupt line calls the driver's handler, the driver model over the transport's
    /// registers, a VFS with several filesystems whose disks are the host's virtual disks, and the host API with
    /// snapshot orchestration, all on one <see cref="Scheduler"/> (the one source of time). Nothing here reaches
    /// around the protocol: host and guest meet only at the registers, guest memory, and the block requests.
    /// </summary>
    public sealed class FsFreezeSystem
    {
        /// <summary>Guest-physical base of guest memory.</summary>
        public const ulong MemoryBase = 0x10_0000;

        /// <summary>Bytes of guest memory.</summary>
        public const int MemorySize = 4 << 20;

        private readonly List<SystemFilesystem> filesystems = new();

        /// <summary>Builds the VM; the driver is probed when <see cref="SystemOptions.LoadDriver"/>.</summary>
        public FsFreezeSystem(SystemOptions? options = null)
        {
            Options = options ?? new SystemOptions();
            Scheduler = new Scheduler(Options.Seed, SchedulingPolicy.SeededRandom);
            Guarded = new GuardedGuestMemory(MemoryBase, MemorySize);
            Memory = Guarded.Memory;
            Device = new FsFreezeDevice(new FsFreezeDeviceOptions { OfferedFeatures = FsFreeze.Protocol.FsFreezeFeature.KnownMask | Options.RingFeatures });
            Line = new DriverInterruptLine();
            Interrupts = new InterruptTap(Line);
            Transport = new VirtioMmioTransport(Device, Memory, Interrupts);
            Registers = new QueueAddressTap(Transport);
            Host = new FsFreezeHost(Device, Scheduler.Clock);

            // The tap goes between device and host after the host registered itself (the device has one observer).
            Replies = new ReplyTap(Host, Scheduler.Clock);
            Device.SetObserver(Replies);
            Vfs = new VirtualFileSystem(Scheduler);
            Ticker = new SystemTicker(Scheduler, Options.TimeQuantum);
            for (int i = 0; i < Options.Filesystems.Count; i++)
            {
                FilesystemType type = Options.Filesystems[i];
                var disk = new VirtualDisk($"vd{(char)('a' + i)}", Options.DiskSize);
                var backend = new HostDiskBackend(disk, Scheduler, Ticker);
                DiskDevice device = Vfs.AddDisk($"/dev/{disk.Name}", 253, (uint)(i * 16), backend);
                string path = $"/mnt/{disk.Name}-{type.Name}";
                (Errno error, Mount? mount) = Vfs.Mount(type, device, path);
                if (error != Errno.None)
                {
                    throw new InvalidOperationException($"mount {type} at {path}: {error}");
                }

                filesystems.Add(new SystemFilesystem(i, path, disk, backend, device, mount!.SuperBlock));
            }

            Allocator = new GuestAddressAllocator(MemoryBase, MemorySize);
            var driverOptions = new FsFreezeDriverOptions { SupportedFeatures = FsFreezeDriverOptions.AllFeatures | Options.RingFeatures };
            Driver = new FsFreezeDriver(Registers, Memory, Allocator, Vfs, driverOptions);
            Line.Attach(Driver);
            if (Options.LoadDriver)
            {
                ProbeOutcome outcome = Driver.Probe();
                if (outcome != ProbeOutcome.Bound)
                {
                    throw new InvalidOperationException($"virtio-fsfreeze probe: {outcome} (seed {Options.Seed})");
                }
            }

            Settle();
        }

        /// <summary>How the system was built.</summary>
        public SystemOptions Options { get; }

        /// <summary>The one scheduler and clock.</summary>
        public Scheduler Scheduler { get; }

        /// <summary>Guest memory, shared by driver and device.</summary>
        public GuestMemory Memory { get; }

        /// <summary>The reference device.</summary>
        public FsFreezeDevice Device { get; }

        /// <summary>The interrupt line from transport to driver.</summary>
        public DriverInterruptLine Line { get; }

        /// <summary>The probe on that line (it sees each interrupt before the driver does).</summary>
        public InterruptTap Interrupts { get; }

        /// <summary>Guest memory with its guard bands (no access outside guest memory, FF-DEV-14).</summary>
        public GuardedGuestMemory Guarded { get; }

        /// <summary>The driver's allocator of guest memory (queues and buffers).</summary>
        public GuestAddressAllocator Allocator { get; }

        /// <summary>The virtio-mmio transport.</summary>
        public VirtioMmioTransport Transport { get; }

        /// <summary>The register window as the driver uses it (noting queue addresses).</summary>
        public QueueAddressTap Registers { get; }

        /// <summary>The driver model (probed only when <see cref="SystemOptions.LoadDriver"/>).</summary>
        public FsFreezeDriver Driver { get; }

        /// <summary>The guest VFS.</summary>
        public VirtualFileSystem Vfs { get; }

        /// <summary>The guest's tick, which completes disk I/O and wakes workload tasks.</summary>
        public SystemTicker Ticker { get; }

        /// <summary>The host API.</summary>
        public FsFreezeHost Host { get; }

        /// <summary>Replies and events as they reached the host, with times.</summary>
        public ReplyTap Replies { get; }

        /// <summary>The filesystems, one per disk.</summary>
        public IReadOnlyList<SystemFilesystem> Filesystems => filesystems;

        /// <summary>The host's virtual disks, in filesystem order.</summary>
        public IReadOnlyList<VirtualDisk> Disks => filesystems.Select(static f => f.Disk).ToArray();

        /// <summary>A snapshot orchestrator over every disk (FF-HOST-4..6).</summary>
        public SnapshotOrchestrator Orchestrator(SnapshotOptions? options = null) => new(Host, Scheduler, Disks, options);

        /// <summary>Spawns <paramref name="operation"/> and runs the simulation until it returns (or nothing more can happen).</summary>
        public TResult RunToCompletion<TResult>(SimOperation<TResult> operation, int maxSteps = 5_000_000)
        {
            ArgumentNullException.ThrowIfNull(operation);
            Scheduler.Spawn(operation.Name, operation);
            RunResult run = Scheduler.RunUntil(() => operation.IsDone, maxSteps);
            if (!operation.IsDone)
            {
                throw new InvalidOperationException($"{operation.Name} did not return: {run}");
            }

            return operation.Result;
        }

        /// <summary>
        /// Brings every filesystem's mount-time state to its disk (the superblock the mount marked dirty) with one
        /// syncfs each, so a run starts from a disk that looks like a running system's.
        /// </summary>
        private void Settle()
        {
            foreach (SystemFilesystem fs in filesystems)
            {
                Scheduler.Spawn($"settle {fs.SuperBlock}", Vfs.Syncfs(fs.SuperBlock));
            }

            RunResult run = Scheduler.Run();
            if (run.Outcome != RunOutcome.Completed)
            {
                throw new InvalidOperationException($"settling the disks: {run}");
            }
        }
    }
}
