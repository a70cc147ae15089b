using System;
using System.Collections.Generic;
using FsFreeze.Guest.Filesystems;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Simulation;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Guest.Driver
{
    /// <summary>
    /// The model of virtio-fsfreeze.ko (spec "Device operation", FF-DRV-1 to FF-DRV-31). It touches only the
    /// device's registers and guest memory, never the device object; all sleeping and timing goes through the
    /// <see cref="Scheduler"/>. Life cycle: <see cref="Probe"/>, then the transport's interrupt line calls
    /// <see cref="OnInterrupt"/>; <see cref="Remove"/> unbinds. A hostile device's input is data: every outcome is
    /// a reply, a refusal or a trace line, never an exception.
    /// </summary>
    public sealed partial class FsFreezeDriver
    {
        private readonly IMmioRegisterFile registers;
        private readonly GuestMemory memory;
        private readonly GuestAddressAllocator allocator;
        private readonly FsFreezeDriverOptions options;
        private readonly List<HeldSuperBlock> held = new();
        private readonly List<GuestApplication> applications = new();
        private readonly WaitQueue operationIdle = new("fsfreeze.operation_idle");
        private SimTimer? deadline;
        private AbortReason abort;
        private bool applicationsTold;
        private bool workScheduled;
        private bool resetScheduled;

        /// <summary>Creates the driver for the virtio-mmio device behind <paramref name="registers"/>; call <see cref="Probe"/> next.</summary>
        /// <param name="registers">The device's register window (the only way to the device).</param>
        /// <param name="memory">Guest memory for queues and buffers.</param>
        /// <param name="allocator">Where in guest memory the driver may place queues and buffers.</param>
        /// <param name="filesystems">The guest kernel's filesystems (the VFS model or a real backend), whose superblocks the driver freezes.</param>
        /// <param name="options">Features and buffer counts; defaults when null.</param>
        public FsFreezeDriver(IMmioRegisterFile registers, GuestMemory memory, GuestAddressAllocator allocator, IGuestFilesystems filesystems, FsFreezeDriverOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(registers);
            ArgumentNullException.ThrowIfNull(memory);
            ArgumentNullException.ThrowIfNull(allocator);
            ArgumentNullException.ThrowIfNull(filesystems);
            this.registers = registers;
            this.memory = memory;
            this.allocator = allocator;
            Filesystems = filesystems;
            this.options = options ?? new FsFreezeDriverOptions();
        }

        /// <summary>The filesystems the driver freezes, through the guest module's filesystem interface.</summary>
        public IGuestFilesystems Filesystems { get; }

        /// <summary>The scheduler of <see cref="Filesystems"/>, which runs every driver task and timer.</summary>
        public Scheduler Scheduler => Filesystems.Scheduler;

        /// <summary>Where the driver is in its life with the device.</summary>
        public DriverPhase Phase { get; private set; }

        /// <summary>The features negotiated at the last successful probe (VIRTIO_F_VERSION_1 included).</summary>
        public ulong NegotiatedFeatures { get; private set; }

        /// <summary>The device configuration read at the last probe.</summary>
        public FsFreezeConfig Configuration { get; private set; }

        /// <summary>The FREEZE or THAW in progress.</summary>
        public DriverOperation Operation { get; private set; }

        /// <summary>The state a STATUS would report now (FF-DRV-10).</summary>
        public GuestFreezeState State => Operation switch
        {
            DriverOperation.Freezing => GuestFreezeState.Freezing,
            DriverOperation.Thawing => GuestFreezeState.Thawing,
            _ => held.Count > 0 ? GuestFreezeState.Frozen : GuestFreezeState.Thawed,
        };

        /// <summary>Superblocks the driver holds frozen, in the order it froze them.</summary>
        public IReadOnlyList<IGuestSuperBlock> HeldSuperBlocks => held.ConvertAll(static h => h.SuperBlock);

        /// <summary>When the held freeze auto-thaws, or null when no deadline is armed.</summary>
        public TimeSpan? DeadlineDue => deadline is { IsPending: true } ? deadline.Due : null;

        /// <summary>Requests read from requestq and answered or being answered.</summary>
        public int RequestsReceived { get; private set; }

        /// <summary>Replies and events added to replyq.</summary>
        public int MessagesSent { get; private set; }

        /// <summary>requestq completions refused as device errors (FF-DRV-13).</summary>
        public int RefusedCompletions { get; private set; }

        /// <summary>The registered APP_NOTICE applications.</summary>
        public IReadOnlyList<GuestApplication> Applications => applications;

        /// <summary>Registers <paramref name="application"/> for freeze and thaw notices (FF-DRV-30/31).</summary>
        public void Register(GuestApplication application)
        {
            ArgumentNullException.ThrowIfNull(application);
            if (!applications.Contains(application))
            {
                applications.Add(application);
            }
        }

        /// <summary>Stops notices to <paramref name="application"/>.</summary>
        public bool Unregister(GuestApplication application) => applications.Remove(application);

        private bool Negotiated(int bit) => FsFreezeFeature.IsNegotiated(NegotiatedFeatures, bit);

        /// <summary>
        /// Driver trace. It goes to the scheduler's in-memory trace, never to a file: the driver must not write to a
        /// filesystem it may hold frozen, logs included (FF-DRV-29).
        /// </summary>
        private void Log(string text) => Scheduler.Log("fsfreeze: " + text);

        private void SetOperation(DriverOperation operation)
        {
            Operation = operation;
            if (operation == DriverOperation.None)
            {
                operationIdle.WakeAll();
            }
        }

        private void CancelDeadline()
        {
            if (deadline is not null)
            {
                Scheduler.Clock.Cancel(deadline);
                deadline = null;
            }
        }

        private uint RemainingMs()
        {
            if (deadline is not { IsPending: true } timer)
            {
                return 0;
            }

            TimeSpan left = timer.Due - Scheduler.Clock.Now;
            return left <= TimeSpan.Zero ? 0 : (uint)Math.Min(uint.MaxValue, Math.Floor(left.TotalMilliseconds));
        }

    }
}
