using System;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Requests;
using FsFreeze.Simulation;
using FsFreeze.Systems;
using FsFreeze.Virtio.Common;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// Runs one <see cref="DeviceScenario"/>: the suite's scripted device, made hostile, against the driver under
    /// test over the VFS model with three filesystems and writers, and checks after every millisecond:
    /// <list type="bullet">
    /// <item>no exception escapes the driver (FF-DRV-32), and every millisecond takes a bounded number of steps;</item>
    /// <item>no write outside guest memory (guard bands, FF-DRV-32);</item>
    /// <item>no superblock stays frozen past the deadline of every FREEZE that could have frozen it, forged and
    /// replayed ones included (FF-DRV-14, FF-DRV-27); DEVICE_NEEDS_RESET is answered with a reset, and nothing is
    /// frozen at any reset (FF-DRV-28);</item>
    /// <item>at the end nothing is frozen and the simulation comes to rest (FF-DRV-27, FF-DRV-32).</item>
    /// </list>
    /// </summary>
    public sealed class DriverArena
    {
        private static readonly FilesystemType[] Types = [FilesystemTypes.Ext4, FilesystemTypes.Xfs, FilesystemTypes.Vfat];

        private readonly DeviceScenario scenario;
        private readonly GuardedGuestMemory memory = new(DriverHarness.MemoryBase, DriverHarness.MemorySize);
        private readonly DriverHarness harness;
        private readonly SuperBlock[] superBlocks;
        private readonly List<byte[]> sent = new();
        private readonly List<(TimeSpan SentAt, uint DeadlineMs)> freezes = new();
        private readonly Dictionary<SuperBlock, TimeSpan> frozenSince = new();
        private readonly HashSet<SuperBlock> reported = new();
        private TimeSpan? brokeAt;
        private int resetsAtBreak;
        private uint nextId = 1;
        private string where = "start";

        private DriverArena(IDriverImplementation implementation, DeviceScenario scenario)
        {
            this.scenario = scenario;
            harness = new DriverHarness(implementation, offered: scenario.Offered, seed: scenario.Seed, policy: SchedulingPolicy.SeededRandom, memory: memory.Memory).Bound();
            superBlocks = Types.Select((t, i) => harness.Mount(t, "/m" + i)).ToArray();
            harness.Device.ResetObserved = OnDeviceReset;
        }

        /// <summary>The invariants' verdict.</summary>
        public InvariantLog Log { get; } = new();

        /// <summary>Scheduler steps the run took.</summary>
        public long Steps => harness.Scheduler.TotalSteps;

        /// <summary>True when some superblock was seen frozen during the run.</summary>
        public bool Froze { get; private set; }

        /// <summary>Times the device set DEVICE_NEEDS_RESET.</summary>
        public int Breaks { get; private set; }

        private TimeSpan Now => harness.Scheduler.Clock.Now;

        /// <summary>Runs <paramref name="scenario"/> against <paramref name="implementation"/>.</summary>
        public static DriverArena Run(IDriverImplementation implementation, DeviceScenario scenario)
        {
            ArgumentNullException.ThrowIfNull(scenario);
            var arena = new DriverArena(implementation, scenario);
            arena.Execute();
            return arena;
        }

        private void Execute()
        {
            try
            {
                for (int i = 0; i < scenario.Steps.Length && Log.Holds; i++)
                {
                    where = $"step {i} ({scenario.Steps[i]}) at {Now.TotalMilliseconds}ms";
                    Apply(scenario.Steps[i]);
                    AdvanceBy(TimeSpan.Zero);
                }

                if (Log.Holds)
                {
                    where = "end";
                    End();
                }
            }
            catch (Exception escaped) when (escaped is not OperationCanceledException)
            {
                Log.Fail("FF-DRV-32", where, $"exception escaped: {escaped}");
            }
        }

        private void Apply(DeviceStep step)
        {
            switch (step)
            {
                case DeviceAdvance advance:
                    AdvanceBy(TimeSpan.FromMilliseconds(advance.Ms));
                    break;
                case DeviceRequest request:
                    uint id = nextId++;
                    Send(request.Kind switch
                    {
                        0 => FsFreezeRequest.Freeze(id, Math.Max(1, request.DeadlineMs), 0, []).ToArray(),
                        1 => FsFreezeRequest.Thaw(id).ToArray(),
                        _ => FsFreezeRequest.Status(id).ToArray(),
                    });
                    break;
                case DeviceBytes bytes:
                    Send(bytes.Bytes);
                    break;
                case DeviceReplay replay when sent.Count > 0:
                    Send(sent[replay.Pick % sent.Count]);
                    break;
                case DeviceConfigChange change:
                    harness.Device.SetConfiguration(new FsFreezeConfig(change.RequestSize, change.MaxEntries, change.MaxDeadlineMs));
                    break;
                case DeviceBreak when (harness.Transport.Status & DeviceStatus.DriverOk) != 0 && (harness.Transport.Status & DeviceStatus.DeviceNeedsReset) == 0:
                    resetsAtBreak = harness.Device.Resets;
                    harness.Device.Break();
                    brokeAt = Now;
                    Breaks++;
                    break;
                case DeviceVanish vanish:
                    harness.Device.Vanished = vanish.Vanished;
                    break;
                case DeviceWriters writers:
                    for (int w = 0; w < writers.Writers; w++)
                    {
                        harness.Scheduler.Spawn("writer", harness.Vfs.Write($"/m{writers.Mount % Types.Length}/w{w}", w, w + 1));
                    }

                    break;
            }
        }

        /// <summary>Delivers a request; a FREEZE among what the driver may read counts toward the deadline bound.</summary>
        private void Send(byte[] bytes)
        {
            if (!harness.Device.Send(bytes))
            {
                return;
            }

            sent.Add(bytes);
            // Every feature and no deadline bound: an over-approximation of what the driver may accept (FF-DRV-34
            // refuses more), so the bound this builds stays an upper bound whatever the driver read at probe.
            if (FsFreezeRequest.TryDecode(bytes, FsFreezeFeature.KnownMask, uint.MaxValue, out FsFreezeRequest request).IsValid && request.Type == RequestType.Freeze)
            {
                freezes.Add((Now, request.DeadlineMs));
            }
        }

        private void AdvanceBy(TimeSpan duration)
        {
            TimeSpan end = Now + duration;
            do
            {
                TimeSpan slice = end - Now < TimeSpan.FromMilliseconds(1) ? end - Now : TimeSpan.FromMilliseconds(1);
                RunResult run = harness.Scheduler.RunFor(slice, SystemArena.StepsPerSlice);
                Log.Require(run.Outcome != RunOutcome.StepLimit, "FF-DRV-32", where, $"1 ms of virtual time took more than {SystemArena.StepsPerSlice} steps: {run}");
                Observe();
            }
            while (Now < end && Log.Holds);
        }

        /// <summary>FF-DRV-28: whenever the driver resets the device (after DEVICE_NEEDS_RESET, on removal, at probe) nothing is frozen.</summary>
        private void OnDeviceReset()
        {
            foreach (SuperBlock sb in superBlocks)
            {
                Log.Require(sb.KernelFreezeCount == 0, "FF-DRV-28", where, $"the driver reset the device at {Now.TotalMilliseconds}ms with {sb} frozen");
            }
        }

        private void Observe()
        {
            Log.Require(memory.IsIntact, "FF-DRV-32", where, "a guard band around guest memory changed");

            // FF-DRV-28: the driver answers DEVICE_NEEDS_RESET with a reset, after at most the rollback of a freeze in progress.
            if (brokeAt is { } broke && harness.Device.Resets == resetsAtBreak && Now > broke + SystemArena.DeadlineGrace)
            {
                brokeAt = null;
                Log.Fail("FF-DRV-28", where, $"no reset {Now.TotalMilliseconds}ms after DEVICE_NEEDS_RESET at {broke.TotalMilliseconds}ms");
            }

            foreach (SuperBlock sb in superBlocks)
            {
                if (sb.KernelFreezeCount == 0)
                {
                    frozenSince.Remove(sb);
                    continue;
                }

                Froze = true;
                frozenSince.TryAdd(sb, Now);
                TimeSpan since = frozenSince[sb];
                if (reported.Contains(sb))
                {
                    continue;
                }

                // FF-DRV-14, FF-DRV-27: bounded by the latest deadline among the FREEZEs that could have frozen it.
                TimeSpan due = TimeSpan.MinValue;
                foreach ((TimeSpan at, uint deadlineMs) in freezes)
                {
                    TimeSpan windowEnd = at + TimeSpan.FromMilliseconds(deadlineMs) + SystemArena.DeadlineGrace;
                    if (at <= since && since <= windowEnd && windowEnd > due)
                    {
                        due = windowEnd;
                    }
                }

                if (Now > due)
                {
                    reported.Add(sb);
                    Log.Fail("FF-DRV-14 FF-DRV-27", where, $"{sb} frozen since {since.TotalMilliseconds}ms, still frozen at {Now.TotalMilliseconds}ms, past every FREEZE's deadline ({string.Join(", ", freezes.Select(static f => $"{f.DeadlineMs}ms at {f.SentAt.TotalMilliseconds}ms"))})");
                }
            }
        }

        private void End()
        {
            harness.Device.Vanished = false;
            uint longest = freezes.Select(static f => f.DeadlineMs).DefaultIfEmpty(0u).Max();
            AdvanceBy(TimeSpan.FromMilliseconds(longest) + TimeSpan.FromSeconds(1));
            RunResult run = harness.Scheduler.Run(SystemArena.DrainSteps);
            Log.Require(run.Outcome == RunOutcome.Completed, "FF-DRV-32", where, $"the guest did not come to rest: {run}");
            foreach (SuperBlock sb in superBlocks)
            {
                Log.Require(sb.KernelFreezeCount == 0 && sb.Frozen == FreezeLevel.Unfrozen, "FF-DRV-27", where, $"{sb} still frozen ({sb.Frozen}) at rest");
            }
        }
    }
}
