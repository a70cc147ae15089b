using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Device.Host;
using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Requests;
using FsFreeze.Simulation;
using FsFreeze.Systems;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;
using Wire = FsFreeze.Protocol.FsFreezeDevice;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// Runs one <see cref="SystemScenario"/> on a whole VM (<see cref="FsFreezeSystem"/>: reference device, driver
    /// model, VFS, seeded workload, host API) and checks the invariants of a hostile run after every millisecond of
    /// virtual time and at the end. Each invariant names its requirements:
    /// <list type="bullet">
    /// <item>no exception escapes either side (FF-DEV-14, FF-DRV-32);</item>
    /// <item>the run ends within a bounded number of scheduler steps, and every host operation within its own
    /// timeout (FF-HOST-2, FF-DRV-32);</item>
    /// <item>no write outside guest memory: the guard bands stay intact (FF-DEV-14, FF-DRV-32);</item>
    /// <item>DEVICE_NEEDS_RESET exactly where the spec says: at the notify of an injected malformed ring, with its
    /// fault (FF-INIT-7, FF-RING-5..12, FF-DEV-9), never without a guest-side ring write (FF-DEV-15), and no queue
    /// touched while it is set (FF-INIT-7);</item>
    /// <item>no superblock stays frozen past the deadline of the FREEZE that froze it (FF-DRV-14, FF-DRV-27,
    /// FF-DRV-28), none is frozen at the end, and none without a driver (FF-DEV-6);</item>
    /// <item>no acknowledged write is lost: each is in the page cache and, after a final sync, on the host's disk
    /// (FF-DRV-19, FF-DRV-24, FF-HOST-5);</item>
    /// <item>no descriptor leaks: at rest every chain the driver made available was used by the device, the device
    /// holds none, the driver's bookkeeping matches the rings, and resets do not grow the driver's guest memory
    /// (FF-RING-14, FF-DEV-10, FF-DRV-2, FF-DRV-33).</item>
    /// </list>
    /// </summary>
    public sealed class SystemArena
    {
        /// <summary>Scheduler steps one millisecond of virtual time may take; a livelock exhausts it.</summary>
        public const int StepsPerSlice = 200_000;

        /// <summary>Scheduler steps the final drain may take.</summary>
        public const int DrainSteps = 2_000_000;

        /// <summary>
        /// How long after its deadline a superblock may still be frozen: the deadline aborts a freeze between two
        /// superblocks (FF-DRV-14), so a freeze_super already writing back finishes first, then the rollback thaws.
        /// </summary>
        public static readonly TimeSpan DeadlineGrace = TimeSpan.FromMilliseconds(50);

        private static readonly FilesystemType[] Types = [FilesystemTypes.Ext4, FilesystemTypes.Xfs, FilesystemTypes.Vfat];

        private readonly SystemScenario scenario;
        private readonly FsFreezeSystem vm;
        private readonly Workload workload;
        private readonly List<AckedWrite> stormAcked = new();
        private readonly List<(HostOperation Operation, TimeSpan Timeout, string Step)> operations = new();
        private readonly List<(TimeSpan SentAt, uint DeadlineMs)> freezesSent = new();
        private readonly Dictionary<SuperBlock, TimeSpan> frozenSince = new();
        private readonly HashSet<int> thawFaults = new();
        private readonly HashSet<SuperBlock> reportedLate = new();
        private readonly List<uint> sentIds = new();
        private (int Queue, QueueError Error)? expectedFault;
        private bool expectedFaultSeen;
        private int guestTaintResets = -1;
        private int deviceTaintResets = -1;
        private long countersAtFault = -1;
        private ulong allocatorAfterProbe;
        private int requestBuffersAfterProbe;
        private long nextStormValue = long.MaxValue / 2;
        private int stormWriters;
        private string where = "build";
        private SimOperation<bool>? removal;

        private SystemArena(SystemScenario scenario)
        {
            this.scenario = scenario;
            vm = new FsFreezeSystem(new SystemOptions { Seed = scenario.Seed, Filesystems = Types, LoadDriver = scenario.DriverAtStart });
            vm.Interrupts.Raised = OnInterrupt;
            workload = new Workload(vm, new WorkloadOptions { WritersPerFilesystem = 2, PagesPerWriter = 2 });
            NoteProbe();
        }

        /// <summary>The invariants' verdict.</summary>
        public InvariantLog Log { get; } = new();

        /// <summary>DEVICE_NEEDS_RESET episodes seen.</summary>
        public int NeedsResets { get; private set; }

        /// <summary>True when the end-of-run leak check applied (no ring was tampered with since the last reset).</summary>
        public bool LeakChecked { get; private set; }

        /// <summary>Scheduler steps the run took.</summary>
        public long Steps => vm.Scheduler.TotalSteps;

        /// <summary>Runs <paramref name="scenario"/> and returns the arena with its verdict.</summary>
        public static SystemArena Run(SystemScenario scenario)
        {
            ArgumentNullException.ThrowIfNull(scenario);
            var arena = new SystemArena(scenario);
            arena.Execute();
            return arena;
        }

        private bool GuestTainted => guestTaintResets == vm.Registers.Resets;

        private bool DeviceTainted => deviceTaintResets == vm.Registers.Resets;

        private TimeSpan Now => vm.Scheduler.Clock.Now;

        private void Execute()
        {
            try
            {
                workload.Start();
                for (int i = 0; i < scenario.Steps.Length && Log.Holds; i++)
                {
                    where = $"step {i} ({scenario.Steps[i]}) at {Now.TotalMilliseconds}ms";
                    Apply(scenario.Steps[i]);
                    Observe();
                }

                if (Log.Holds)
                {
                    where = $"drain at {Now.TotalMilliseconds}ms";
                    Drain();
                }
            }
            catch (Exception escaped) when (escaped is not OperationCanceledException)
            {
                // FF-DEV-14 / FF-DRV-32: whatever the other side wrote, nothing throws out of either model.
                Log.Fail("FF-DEV-14 FF-DRV-32", where, $"exception escaped: {escaped}");
            }
        }

        private void Apply(SystemStep step)
        {
            switch (step)
            {
                case Advance advance:
                    AdvanceBy(TimeSpan.FromMilliseconds(advance.Ms));
                    break;
                case HostFreeze freeze:
                    Track(vm.Host.Freeze(Math.Min(freeze.DeadlineMs, vm.Device.Config.MaxDeadlineMs)), TimeSpan.FromMilliseconds(freeze.DeadlineMs), isFreeze: true, freeze.DeadlineMs);
                    break;
                case HostThaw:
                    Track(vm.Host.Thaw(), vm.Host.Options.ReplyTimeout, isFreeze: false, 0);
                    break;
                case HostStatus:
                    Track(vm.Host.Status(), vm.Host.Options.ReplyTimeout, isFreeze: false, 0);
                    break;
                case ArmFault fault:
                    Arm(fault);
                    break;
                case WriterStorm storm:
                    // One file per writer, so each page's acknowledged values only grow (a later write never carries
                    // an older value) and the last acknowledged one is what must survive.
                    for (int w = 0; w < storm.Writers; w++)
                    {
                        vm.Scheduler.Spawn($"storm {storm.Fs}/{stormWriters}", StormWriter(vm.Filesystems[storm.Fs % vm.Filesystems.Count], stormWriters++, storm.Writes));
                    }

                    break;
                case RemoveDriver when vm.Driver.Phase == DriverPhase.Ready && removal is not { IsDone: false }:
                    removal = vm.Driver.Remove();
                    vm.Scheduler.Spawn(removal.Name, removal);
                    break;
                case ProbeDriver when vm.Driver.Phase is DriverPhase.Unbound or DriverPhase.Removed:
                    vm.Driver.Probe();
                    NoteProbe();
                    break;
                case InjectMalformed inject:
                    Inject(inject.Case);
                    break;
                case ScribbleRing scribble when Ring(scribble.Queue) is { } ring:
                    Taint(guest: scribble.Area != 2);
                    ring.Scribble(scribble.Area, scribble.Offset, scribble.Bytes);
                    Notify(scribble.Queue, scribble.Notify);
                    break;
                case SetRingIndex index when Ring(index.Queue) is { } ring:
                    Taint(guest: !index.Used);
                    if (index.Used)
                    {
                        ring.SetUsedIdx(index.Value);
                    }
                    else
                    {
                        ring.SetAvailIdx(index.Value);
                    }

                    Notify(index.Queue, index.Notify);
                    break;
                case TamperedRequest tampered:
                    SendTampered(tampered);
                    break;
            }
        }

        private void AdvanceBy(TimeSpan duration)
        {
            TimeSpan end = Now + duration;
            while (Now < end && Log.Holds)
            {
                TimeSpan slice = end - Now < TimeSpan.FromMilliseconds(1) ? end - Now : TimeSpan.FromMilliseconds(1);
                RunResult run = vm.Scheduler.RunFor(slice, StepsPerSlice);
                Log.Require(run.Outcome != RunOutcome.StepLimit, "FF-DRV-32 FF-DEV-14", where, $"1 ms of virtual time took more than {StepsPerSlice} steps: {run}");
                Observe();
            }
        }

        private void Track(HostOperation operation, TimeSpan timeout, bool isFreeze, uint deadlineMs)
        {
            operations.Add((operation, timeout, where));
            bool ready = (vm.Transport.Status & (DeviceStatus.DriverOk | DeviceStatus.DeviceNeedsReset | DeviceStatus.Failed)) == DeviceStatus.DriverOk;
            if (!ready)
            {
                // FF-DEV-6, FF-HOST-1: before DRIVER_OK (or after DEVICE_NEEDS_RESET) nothing is sent; the host hears NO_DRIVER at once.
                Log.Require(operation.IsCompleted && operation.Result.Kind == HostResultKind.NoDriver, "FF-DEV-6 FF-HOST-1", where, $"without DRIVER_OK the operation gave {operation}");
            }

            if (operation.RequestId != 0)
            {
                sentIds.Add(operation.RequestId);
                if (isFreeze)
                {
                    freezesSent.Add((Now, deadlineMs));
                }
            }
        }

        private void Arm(ArmFault fault)
        {
            SuperBlock sb = vm.Filesystems[fault.Fs % vm.Filesystems.Count].SuperBlock;
            switch (fault.Kind)
            {
                case FaultKind.FreezeFs:
                    sb.Faults.FailFreezeFs(fault.Error, fault.Times);
                    break;
                case FaultKind.Sync:
                    sb.Faults.FailSync(fault.Error, fault.Times);
                    break;
                default:
                    sb.Faults.FailUnfreezeFs(fault.Error, fault.Times);
                    thawFaults.Add(fault.Fs % vm.Filesystems.Count);
                    break;
            }
        }

        private IEnumerable<Wait> StormWriter(SystemFilesystem fs, int writer, int writes)
        {
            string file = $"/storm{writer}";
            for (int i = 0; i < writes; i++)
            {
                long value = ++nextStormValue;
                long page = vm.Scheduler.Random.NextInt(3);
                SimOperation<Errno> write = vm.Vfs.Write(fs.MountPath + file, page, value);
                foreach (Wait wait in write)
                {
                    yield return wait;
                }

                if (write.Result == Errno.None)
                {
                    stormAcked.Add(new AckedWrite(fs.Index, new PageKey(file, page), value, Now));
                }
            }
        }

        private LiveSplitRing? Ring(int queue) =>
            vm.Registers.Queues.TryGetValue((uint)queue, out QueueLayout? layout) && layout.Size != 0 ? new LiveSplitRing(vm.Memory, layout) : null;

        private void Notify(int queue, bool notify)
        {
            if (notify)
            {
                vm.Transport.Write(MmioRegister.QueueNotify, 4, (uint)queue);
            }
        }

        private void Taint(bool guest)
        {
            if (guest)
            {
                guestTaintResets = vm.Registers.Resets;
            }

            deviceTaintResets = vm.Registers.Resets;
        }

        /// <summary>A malformed replyq chain, then the notify at which the device must give up (FF-INIT-7).</summary>
        private void Inject(MalformedCase @case)
        {
            bool live = vm.Driver.Phase == DriverPhase.Ready
                && (vm.Transport.Status & (DeviceStatus.DriverOk | DeviceStatus.DeviceNeedsReset | DeviceStatus.Failed)) == DeviceStatus.DriverOk;
            if (!live || Ring(Wire.ReplyQueueIndex) is not { } ring)
            {
                return;
            }

            bool exact = !GuestTainted;
            Taint(guest: true);
            // The scratch indirect table sits in the last page of guest memory, which the driver's allocator never reaches.
            ring.Inject(@case, FsFreezeSystem.MemoryBase, FsFreezeSystem.MemoryBase + FsFreezeSystem.MemorySize, FsFreezeSystem.MemoryBase + FsFreezeSystem.MemorySize - 4096);
            if (exact)
            {
                expectedFault = MalformedCases.Expected(@case);
                expectedFaultSeen = false;
            }

            Notify(Wire.ReplyQueueIndex, notify: true);
            if (exact)
            {
                Log.Require(expectedFaultSeen, $"FF-INIT-7 {MalformedCases.Requirement(@case)}", where, $"no DEVICE_NEEDS_RESET with {expectedFault} at the notify (fault {vm.Transport.Fault}, status {vm.Transport.Status})");
                expectedFault = null;
            }
        }

        /// <summary>Sends a request through the reference device, then rewrites it in guest memory before the driver reads it.</summary>
        private void SendTampered(TamperedRequest step)
        {
            HostOperation operation = step.Request switch
            {
                RequestType.Freeze => vm.Host.Freeze(1000),
                RequestType.Thaw => vm.Host.Thaw(),
                _ => vm.Host.Status(),
            };
            Track(operation, step.Request == RequestType.Freeze ? TimeSpan.FromMilliseconds(1000) : vm.Host.Options.ReplyTimeout, step.Request == RequestType.Freeze, 1000);
            if (operation.RequestId == 0 || Ring(Wire.RequestQueueIndex) is not { } ring)
            {
                return;
            }

            Taint(guest: false);

            // A forged completion makes the driver read whatever a posted buffer still holds: any FREEZE written into
            // one before, now replayed with its deadline counted from this receipt (FF-DRV-14).
            if (freezesSent.Count > 0)
            {
                freezesSent.Add((Now, freezesSent.Max(static f => f.DeadlineMs)));
            }

            ushort usedIdx = ring.UsedIdx;
            ulong element = ring.Layout.Device + SplitRingLayout.UsedRingOffset + (ulong)(SplitRingLayout.UsedElementSize * ((ushort)(usedIdx - 1) % ring.Size));
            vm.Memory.TryReadUInt32(element, out uint head);
            vm.Memory.TryReadUInt32(element + 4, out uint length);
            ulong descriptor = ring.Layout.Descriptors + ((ulong)(head % ring.Size) * SplitRingLayout.DescriptorSize);
            vm.Memory.TryReadUInt64(descriptor, out ulong buffer);
            vm.Memory.TryReadUInt32(descriptor + 8, out uint capacity);
            uint value = step.Value;
            switch (step.Tamper)
            {
                case Tamper.RandomBytes:
                    int count = (int)Math.Min((uint)step.Bytes.Length, capacity);
                    vm.Memory.TryWrite(buffer, step.Bytes.AsSpan(0, count));
                    vm.Memory.TryWriteUInt32(element + 4, (uint)count);

                    // Random bytes that happen to be a valid FREEZE freeze with their own deadline (FF-DRV-14 counts it).
                    if (FsFreezeRequest.TryDecode(step.Bytes.AsSpan(0, count), vm.Driver.NegotiatedFeatures, vm.Driver.Configuration.MaxDeadlineMs, out FsFreezeRequest forged).IsValid && forged.Type == RequestType.Freeze)
                    {
                        freezesSent.Add((Now, forged.DeadlineMs));
                    }

                    break;
                case Tamper.Type:
                    vm.Memory.TryWriteUInt16(buffer, (ushort)value);
                    break;
                case Tamper.RequestId:
                    // A replay of an id the device used before (the generator's value picks one), or 0.
                    uint replayed = value == 0 || sentIds.Count == 0 ? 0 : sentIds[(int)(value % (uint)sentIds.Count)];
                    vm.Memory.TryWriteUInt32(buffer + 4, replayed);
                    break;
                case Tamper.UsedId:
                    vm.Memory.TryWriteUInt32(element, value);
                    break;
                case Tamper.UsedLength:
                    vm.Memory.TryWriteUInt32(element + 4, capacity + 1 + (value % 4096));
                    break;
                default:
                    ulong again = ring.Layout.Device + SplitRingLayout.UsedRingOffset + (ulong)(SplitRingLayout.UsedElementSize * (usedIdx % ring.Size));
                    vm.Memory.TryWriteUInt32(again, head);
                    vm.Memory.TryWriteUInt32(again + 4, length);
                    ring.SetUsedIdx((ushort)(usedIdx + 1));
                    break;
            }
        }

        private void OnInterrupt(MmioInterrupt pending)
        {
            if ((pending & MmioInterrupt.ConfigurationChange) == 0 || (vm.Transport.Status & DeviceStatus.DeviceNeedsReset) == 0)
            {
                return;
            }

            NeedsResets++;
            countersAtFault = DeviceWork();
            DeviceFault? fault = vm.Transport.Fault;
            if (expectedFault is { } expected)
            {
                // FF-INIT-7 with the ring rule the injected case breaks: this fault, at this notify.
                Log.Require(fault is { } f && f.QueueIndex == expected.Queue && f.Error == expected.Error, "FF-INIT-7", where, $"DEVICE_NEEDS_RESET with {fault}, expected {expected}");
                expectedFaultSeen = true;
                return;
            }

            // FF-DEV-15: the device gives up only on a malformed ring or chain the guest wrote, never on a reply's
            // content, a host request or a fault inside the guest.
            Log.Require(GuestTainted, "FF-DEV-15 FF-INIT-7", where, $"DEVICE_NEEDS_RESET ({fault}) without any malformed ring written by the guest");
        }

        private long DeviceWork() => vm.Device.Counters.ChainsConsumed + vm.Device.Counters.RequestsSent;

        private void NoteProbe()
        {
            if (vm.Driver.Phase == DriverPhase.Ready && allocatorAfterProbe == 0)
            {
                allocatorAfterProbe = vm.Allocator.Next;
                requestBuffersAfterProbe = vm.Driver.Accounting.RequestBuffers;
            }
        }

        /// <summary>The checks made after every slice of virtual time and every step.</summary>
        private void Observe()
        {
            // FF-DEV-14, FF-DRV-32: nothing wrote outside guest memory.
            Log.Require(vm.Guarded.IsIntact, "FF-DEV-14 FF-DRV-32", where, "a guard band around guest memory changed");

            // FF-INIT-7: while DEVICE_NEEDS_RESET is set the device consumes and sends nothing.
            if ((vm.Transport.Status & DeviceStatus.DeviceNeedsReset) != 0 && countersAtFault >= 0)
            {
                Log.Require(DeviceWork() == countersAtFault, "FF-INIT-7", where, "the device used a queue while DEVICE_NEEDS_RESET was set");
            }

            foreach (SystemFilesystem fs in vm.Filesystems)
            {
                SuperBlock sb = fs.SuperBlock;
                if (sb.KernelFreezeCount == 0)
                {
                    frozenSince.Remove(sb);
                    continue;
                }

                frozenSince.TryAdd(sb, Now);

                // FF-DEV-6: no driver, no freeze.
                Log.Require(freezesSent.Count > 0, "FF-DEV-6", where, $"{sb} frozen although no FREEZE was ever sent");
                if (thawFaults.Contains(fs.Index) || reportedLate.Contains(sb) || freezesSent.Count == 0)
                {
                    // FF-DRV-25: a thaw that failed keeps the superblock held and is retried; the drain checks it ends.
                    continue;
                }

                // The FREEZE that froze it is one sent before it froze whose deadline had not passed yet; which one the
                // driver took (others were BUSY or ALREADY_FROZEN) is the driver's business, so the latest of their
                // deadlines bounds the freeze.
                TimeSpan since = frozenSince[sb];
                TimeSpan due = TimeSpan.MinValue;
                foreach ((TimeSpan sentAt, uint deadlineMs) in freezesSent)
                {
                    TimeSpan end = sentAt + TimeSpan.FromMilliseconds(deadlineMs) + DeadlineGrace;
                    if (sentAt <= since && since <= end && end > due)
                    {
                        due = end;
                    }
                }

                if (Now > due)
                {
                    reportedLate.Add(sb);
                    Log.Fail("FF-DRV-14 FF-DRV-27 FF-DRV-28", where, $"{sb} frozen since {since.TotalMilliseconds}ms, still frozen at {Now.TotalMilliseconds}ms, past the deadline of every FREEZE that could have frozen it ({string.Join(", ", freezesSent.Select(static f => $"{f.DeadlineMs}ms at {f.SentAt.TotalMilliseconds}ms"))})");
                }
            }
        }

        /// <summary>Stops the guest's writers, thaws, lets every timer fire, then checks the end state.</summary>
        private void Drain()
        {
            workload.Stop();
            if (vm.Driver.Phase is DriverPhase.Unbound or DriverPhase.Removed)
            {
                vm.Driver.Probe();
                NoteProbe();
            }

            for (int attempt = 0; attempt < 3 && vm.Driver.HeldSuperBlocks.Count > 0; attempt++)
            {
                HostOperation thaw = vm.Host.Thaw();
                Track(thaw, vm.Host.Options.ReplyTimeout, isFreeze: false, 0);
                vm.Scheduler.RunUntil(() => thaw.IsCompleted, DrainSteps);
            }

            RunResult run = vm.Scheduler.Run(DrainSteps);
            Log.Require(run.Outcome == RunOutcome.Completed, "FF-DRV-32 FF-HOST-2", where, $"the simulation did not come to rest within {DrainSteps} steps: {run}");
            Observe();

            // FF-HOST-2: every host operation ended, within its own timeout.
            foreach ((HostOperation operation, TimeSpan timeout, string step) in operations)
            {
                Log.Require(operation.IsCompleted, "FF-HOST-2", step, $"{operation} never completed");
                if (operation.IsCompleted)
                {
                    Log.Require(operation.CompletedAt - operation.StartedAt <= timeout, "FF-HOST-2", step, $"{operation} took {(operation.CompletedAt - operation.StartedAt).TotalMilliseconds}ms, timeout {timeout.TotalMilliseconds}ms");
                }
            }

            // FF-DRV-27, FF-DRV-25: whatever failed on the way, nothing stays frozen once the faults are spent.
            foreach (SystemFilesystem fs in vm.Filesystems)
            {
                Log.Require(fs.SuperBlock.KernelFreezeCount == 0 && fs.SuperBlock.Frozen == FreezeLevel.Unfrozen, "FF-DRV-27 FF-DRV-25", where, $"{fs.SuperBlock} still frozen ({fs.SuperBlock.Frozen}) at rest");
            }

            CheckAckedWrites();
            CheckLeaks();
        }

        private void CheckAckedWrites()
        {
            var expected = new Dictionary<(int, PageKey), long>();
            foreach (AckedWrite write in workload.Acked.Concat(stormAcked))
            {
                expected[(write.Filesystem, write.Page)] = Math.Max(write.Value, expected.GetValueOrDefault((write.Filesystem, write.Page)));
            }

            foreach (SystemFilesystem fs in vm.Filesystems)
            {
                // Armed sync faults may remain; each syncfs consumes one. Five always suffice (the generator arms at most 2 per step).
                for (int attempt = 0; attempt < 8; attempt++)
                {
                    SimOperation<Errno> sync = vm.Vfs.Syncfs(fs.SuperBlock);
                    vm.Scheduler.Spawn(sync.Name, sync);
                    vm.Scheduler.Run(DrainSteps);
                    if (sync.IsDone && sync.Result == Errno.None)
                    {
                        break;
                    }
                }

                OnDiskImage onDisk = fs.Examine(fs.Disk.CopyImage());
                foreach (((int index, PageKey page), long value) in expected)
                {
                    if (index != fs.Index)
                    {
                        continue;
                    }

                    long? cached = fs.SuperBlock.PageCache.Read(page);
                    Log.Require(cached >= value, "FF-DRV-19 FF-DRV-24", where, $"{fs.MountPath}{page}: acknowledged {value}, page cache {cached}");
                    Log.Require(onDisk.Data.TryGetValue(page, out long persisted) && persisted >= value, "FF-HOST-5 FF-DRV-23", where, $"{fs.MountPath}{page}: acknowledged {value}, not on the host's disk after sync");
                }
            }
        }

        private void CheckLeaks()
        {
            // FF-DRV-33: resets give the driver's rings and buffers back; they never cost new guest memory. Only
            // buffers replacing ones a forged completion took (FF-DRV-13) may be added, up to the queue size.
            if (allocatorAfterProbe != 0)
            {
                int replacements = Math.Max(0, vm.Driver.Accounting.RequestBuffers - requestBuffersAfterProbe);
                ulong allowed = allocatorAfterProbe + ((ulong)replacements * ((vm.Device.Config.RequestSize + 7UL) & ~7UL));
                Log.Require(vm.Allocator.Next <= allowed, "FF-DRV-33", where, $"the driver's guest memory grew from {allocatorAfterProbe - FsFreezeSystem.MemoryBase} to {vm.Allocator.Next - FsFreezeSystem.MemoryBase} bytes over {vm.Registers.Resets} resets");
            }

            if (DeviceTainted || vm.Driver.Phase != DriverPhase.Ready || Ring(0) is not { } requestRing || Ring(1) is not { } replyRing)
            {
                return;
            }

            LeakChecked = true;
            DriverQueueAccounting account = vm.Driver.Accounting;

            // FF-RING-14, FF-DEV-10: the device holds no chain at rest; every replyq chain made available was used.
            Log.Require(vm.Transport.DeviceInFlight(0) == 0 && vm.Transport.DeviceInFlight(1) == 0, "FF-RING-14", where, "the device holds chains at rest");
            Log.Require(replyRing.AvailIdx == replyRing.UsedIdx, "FF-DEV-10 FF-RING-14", where, $"replyq: available {replyRing.AvailIdx}, used {replyRing.UsedIdx}");
            Log.Require(account.PendingMessages == 0 && account.ReplyqInFlight == account.ReplyBuffersInUse, "FF-DRV-8 FF-DRV-33", where, $"replyq bookkeeping at rest: {account}");

            // FF-DRV-2: every request buffer posted, and exactly those in flight on requestq.
            ushort outstanding = (ushort)(requestRing.AvailIdx - requestRing.UsedIdx);
            Log.Require(account.RequestBuffersPosted == account.RequestBuffers && account.RequestqInFlight == account.RequestBuffers && outstanding == account.RequestBuffers,
                "FF-DRV-2 FF-DRV-33", where, $"requestq at rest: {outstanding} available in the ring, bookkeeping {account}");
        }
    }
}
