using System;
using System.Collections.Generic;
using FsFreeze.Device.Emulation;
using FsFreeze.Device.Host;
using FsFreeze.Device.Snapshot;
using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Linux;
using FsFreeze.Guest.Linux.Native;
using FsFreeze.Simulation;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.RealKernel
{
    /// <summary>
    /// The reference device, transport, host and the driver model, wired as conformance/FsFreeze.Systems wires them,
    /// with one difference: the driver's filesystems are the real kernel's (<see cref="LinuxFilesystems"/> over an
    /// allow-list). Device and driver still meet only at the registers and guest memory; time is the scheduler's
    /// virtual clock, and each real freeze or thaw completes within one step of it.
    /// </summary>
    public sealed class RealKernelVm
    {
        /// <summary>Guest-physical base of guest memory.</summary>
        public const ulong MemoryBase = 0x10_0000;

        /// <summary>Bytes of guest memory.</summary>
        public const int MemorySize = 1 << 20;

        /// <summary>Builds the VM and probes the driver.</summary>
        /// <param name="allowList">The only mount points the driver may freeze.</param>
        /// <param name="readMountInfo">mountinfo's text; the kernel's when null.</param>
        /// <param name="ioctl">The freeze and thaw calls; the real ioctls when null.</param>
        /// <exception cref="InvalidOperationException">The probe failed.</exception>
        public RealKernelVm(MountAllowList allowList, Func<string>? readMountInfo = null, IFreezeIoctl? ioctl = null)
        {
            Scheduler = new Scheduler(1, SchedulingPolicy.Fifo);
            Memory = GuestMemory.Allocate(MemoryBase, MemorySize);
            Device = new FsFreezeDevice();
            var line = new DriverInterruptLine();
            var transport = new VirtioMmioTransport(Device, Memory, line);
            Host = new FsFreezeHost(Device, Scheduler.Clock);
            Filesystems = new LinuxFilesystems(Scheduler, allowList, readMountInfo, ioctl);
            Driver = new FsFreezeDriver(transport, Memory, new GuestAddressAllocator(MemoryBase, MemorySize), Filesystems);
            line.Attach(Driver);
            ProbeOutcome outcome = Driver.Probe();
            if (outcome != ProbeOutcome.Bound)
            {
                throw new InvalidOperationException($"virtio-fsfreeze probe: {outcome}");
            }
        }

        /// <summary>The one scheduler and virtual clock.</summary>
        public Scheduler Scheduler { get; }

        /// <summary>Guest memory.</summary>
        public GuestMemory Memory { get; }

        /// <summary>The reference device.</summary>
        public FsFreezeDevice Device { get; }

        /// <summary>The host API.</summary>
        public FsFreezeHost Host { get; }

        /// <summary>The real backend the driver freezes through.</summary>
        public LinuxFilesystems Filesystems { get; }

        /// <summary>The driver model.</summary>
        public FsFreezeDriver Driver { get; }

        /// <summary>Runs <paramref name="operation"/> to its result.</summary>
        /// <exception cref="InvalidOperationException">It never completed.</exception>
        public HostResult Complete(HostOperation operation)
        {
            ArgumentNullException.ThrowIfNull(operation);
            RunResult run = Scheduler.RunUntil(() => operation.IsCompleted);
            return operation.IsCompleted ? operation.Result : throw new InvalidOperationException($"{operation} never completed: {run}");
        }

        /// <summary>A snapshot through the orchestrator over <paramref name="disks"/>, run to its result.</summary>
        /// <exception cref="InvalidOperationException">It never completed.</exception>
        public SnapshotResult Snapshot(IEnumerable<ISnapshotDisk> disks)
        {
            var orchestrator = new SnapshotOrchestrator(Host, Scheduler, disks, new SnapshotOptions { CopyDuration = TimeSpan.Zero });
            SimOperation<SnapshotResult> snapshot = orchestrator.Snapshot();
            Scheduler.Spawn(snapshot.Name, snapshot);
            RunResult run = Scheduler.RunUntil(() => snapshot.IsDone);
            return snapshot.IsDone ? snapshot.Result : throw new InvalidOperationException($"the snapshot never completed: {run}");
        }
    }
}
