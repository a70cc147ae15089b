using System;
using System.Collections.Generic;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Systems;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// Runs one <see cref="RingScenario"/> on one virtqueue of the implementation under test, split or packed, its
    /// driver end and device end sharing 64 KiB of guarded guest memory while a third party writes random bytes into
    /// the rings, and checks after every step:
    /// <list type="bullet">
    /// <item>no exception escapes either end (FF-DEV-14, FF-DRV-32);</item>
    /// <item>the device end writes only the device area (the whole descriptor ring, for packed) and the writable
    /// buffers of chains it took: never a readable buffer or the split descriptor table (FF-RING-20), and nothing at
    /// all once it reported a malformed ring (FF-INIT-7); the driver end writes only its own areas;</item>
    /// <item>once broken, the device end stays broken with the same error (FF-INIT-7);</item>
    /// <item>the driver end hands back only chains in flight, each once, with a length within its writable space
    /// (FF-RING-16);</item>
    /// <item>without scribbles every chain made available comes back: no descriptor leaks (FF-RING-14);</item>
    /// <item>nothing is written outside guest memory (guard bands).</item>
    /// </list>
    /// </summary>
    public sealed class RingArena
    {
        private const ulong Base = 0x1_0000;
        private const int MemorySize = 64 << 10;
        private const ulong IndirectArea = Base + (16 << 10);
        private const int IndirectEntries = 8;
        private const ulong DataArea = Base + (32 << 10);
        private const uint BufferLength = 64;

        private readonly RingScenario scenario;
        private readonly GuardedGuestMemory memory = new(Base, MemorySize);
        private readonly QueueConfiguration config;
        private readonly bool packed;
        private readonly IDriverQueue driver;
        private readonly IDeviceQueue device;
        private readonly Dictionary<ulong, uint> inFlight = new();
        private readonly ChainBuffer[] storage;
        private ulong nextToken = 1;
        private int nextBuffer;
        private bool scribbled;
        private string where = "start";

        private RingArena(IVirtqueueImplementation implementation, RingScenario scenario)
        {
            this.scenario = scenario;
            packed = implementation.IsPacked;
            ushort size = scenario.Size;
            ulong features = (scenario.Indirect ? VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc) : 0)
                | (scenario.EventIdx ? VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx) : 0)
                | (packed ? VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked) : 0);
            ulong driverArea = packed ? Base + (ulong)PackedRingLayout.DescriptorRingSize(size) : Base + (ulong)SplitRingLayout.DescriptorTableSize(size);
            ulong deviceArea = packed ? driverArea + PackedRingLayout.EventSuppressionSize
                : (ulong)SplitRingLayout.AlignUp((long)driverArea + SplitRingLayout.AvailRingSize(size), SplitRingLayout.UsedRingAlignment);
            config = new QueueConfiguration(size, Base, driverArea, deviceArea, features);
            storage = new ChainBuffer[Math.Max(size, (ushort)IndirectEntries) * 2];
            Require(implementation.CreateDriverEnd(memory.Memory, config, IndirectArea, Math.Min(IndirectEntries, (int)size), out IDriverQueue? d) == QueueError.None, "FF-RING-1", "driver end setup");
            Require(implementation.CreateDeviceEnd(memory.Memory, config, out IDeviceQueue? e) == QueueError.None, "FF-RING-1", "device end setup");
            driver = d!;
            device = e!;
        }

        /// <summary>The invariants' verdict.</summary>
        public InvariantLog Log { get; } = new();

        /// <summary>Chains the device end took.</summary>
        public int Popped { get; private set; }

        /// <summary>True when the end-of-run leak check applied (nothing scribbled, nothing broken).</summary>
        public bool LeakChecked { get; private set; }

        /// <summary>True when the device end reported a malformed ring.</summary>
        public bool Broke => device.Error != QueueError.None;

        private ulong DeviceAreaEnd => packed
            ? config.DeviceArea + PackedRingLayout.EventSuppressionSize
            : config.DeviceArea + (ulong)SplitRingLayout.UsedRingSize(config.Size);

        /// <summary>Runs <paramref name="scenario"/> on <paramref name="implementation"/>.</summary>
        public static RingArena Run(IVirtqueueImplementation implementation, RingScenario scenario)
        {
            ArgumentNullException.ThrowIfNull(implementation);
            ArgumentNullException.ThrowIfNull(scenario);
            var arena = new RingArena(implementation, scenario);
            try
            {
                arena.Execute();
            }
            catch (Exception escaped) when (escaped is not OperationCanceledException)
            {
                arena.Log.Fail("FF-DEV-14 FF-DRV-32", arena.where, $"exception escaped: {escaped}");
            }

            return arena;
        }

        private void Execute()
        {
            for (int i = 0; i < scenario.Steps.Length && Log.Holds; i++)
            {
                where = $"step {i} ({scenario.Steps[i]})";
                switch (scenario.Steps[i])
                {
                    case RingAdd add:
                        Add(add);
                        break;
                    case RingServe:
                        Serve();
                        break;
                    case RingReclaim:
                        Reclaim();
                        break;
                    case RingScribble scribble:
                        Scribble(scribble);
                        break;
                    // The two-descriptor cases need a second descriptor: a one-entry table has none.
                    case RingInject inject when !packed && !Broke && (config.Size > 1 || inject.Case is not (MalformedCase.ReadableAfterWritable or MalformedCase.IndirectWithNext)):
                        Inject(inject.Case);
                        break;
                }

                Require(memory.IsIntact, "FF-DEV-14 FF-DRV-32", "a guard band around guest memory changed");
            }

            if (!Log.Holds || scribbled || Broke)
            {
                return;
            }

            // FF-RING-14: without interference every chain made available comes back.
            where = "end";
            LeakChecked = true;
            for (int round = 0; round < 3; round++)
            {
                Serve();
                Reclaim();
            }

            Require(inFlight.Count == 0 && driver.InFlightCount == 0 && device.InFlightCount == 0 && driver.FreeCount == config.Size,
                "FF-RING-14", $"chains left: {inFlight.Count} tracked, driver in flight {driver.InFlightCount}, device in flight {device.InFlightCount}, free {driver.FreeCount} of {config.Size}");
        }

        private void Add(RingAdd add)
        {
            var readable = new BufferSpec[add.Readable];
            var writable = new BufferSpec[add.Writable];
            for (int i = 0; i < readable.Length; i++)
            {
                readable[i] = NextBuffer();
            }

            for (int i = 0; i < writable.Length; i++)
            {
                writable[i] = NextBuffer();
            }

            ulong token = nextToken++;
            byte[] before = memory.Memory.Regions[0].Backing.ToArray();
            QueueError error = driver.TryAdd(readable, writable, token, add.Indirect && scenario.Indirect, out _);
            CheckDriverWrites(before, "add");
            if (error == QueueError.None)
            {
                inFlight[token] = (uint)writable.Length * BufferLength;
            }
        }

        private BufferSpec NextBuffer() => new(DataArea + ((ulong)(nextBuffer++ % 256) * BufferLength), BufferLength);

        private void Serve()
        {
            byte[] before = memory.Memory.Regions[0].Backing.ToArray();
            QueueError latched = device.Error;
            var allowed = new List<(ulong Start, ulong End)> { packed ? (config.DescriptorArea, config.DriverArea) : (0, 0), (config.DeviceArea, DeviceAreaEnd) };
            for (int guard = 0; guard < 4 * config.Size + 4; guard++)
            {
                if (!device.TryPop(storage, out DescriptorChain chain, out QueueError error))
                {
                    if (latched != QueueError.None)
                    {
                        // FF-INIT-7: a broken queue stays broken with the error it reported.
                        Require(error == latched && device.Error == latched, "FF-INIT-7", $"the device end reported {latched}, then {error} (latched {device.Error})");
                    }

                    break;
                }

                Require(latched == QueueError.None, "FF-INIT-7", $"the device end took a chain after reporting {latched}");
                Popped++;
                uint written = 0;
                foreach (ChainBuffer buffer in chain.Writable)
                {
                    byte[] fill = new byte[buffer.Length];
                    Array.Fill(fill, (byte)0x5A);
                    memory.Memory.TryWrite(buffer.Address, fill);
                    allowed.Add((buffer.Address, buffer.Address + buffer.Length));
                    written += buffer.Length;
                }

                device.PushUsed(new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength), written);
            }

            device.NeedsInterrupt();
            if (latched != QueueError.None)
            {
                allowed.Clear();
            }

            // FF-RING-20 and FF-INIT-7: the device end's writes stay in its own area and the writable buffers it took.
            byte[] after = memory.Memory.Regions[0].Backing.ToArray();
            for (int i = 0; i < after.Length; i++)
            {
                if (after[i] != before[i] && !Inside(allowed, Base + (ulong)i))
                {
                    Log.Fail("FF-RING-20 FF-INIT-7", where, $"the device end wrote 0x{Base + (ulong)i:x} (device area 0x{config.DeviceArea:x}..0x{DeviceAreaEnd:x}, latched {latched})");
                    return;
                }
            }
        }

        private void Reclaim()
        {
            byte[] before = memory.Memory.Regions[0].Backing.ToArray();
            for (int guard = 0; guard < 4 * config.Size + 4; guard++)
            {
                bool ok = driver.TryReclaim(out UsedBuffer used, out QueueError error);
                if (!ok && error == QueueError.None)
                {
                    break;
                }

                if (!ok)
                {
                    if (used.Token != 0 && (error == QueueError.UsedLengthTooLarge))
                    {
                        // The chain came back, with a length the driver refused: it is no longer in flight.
                        inFlight.Remove(used.Token);
                    }

                    continue;
                }

                // FF-RING-16: only chains in flight come back, once each, within their writable space.
                Require(inFlight.TryGetValue(used.Token, out uint capacity), "FF-RING-16", $"the driver end handed back token {used.Token}, not in flight");
                Require(used.Length <= capacity, "FF-RING-16", $"the driver end accepted used length {used.Length} for {capacity} writable bytes");
                inFlight.Remove(used.Token);
            }

            CheckDriverWrites(before, "reclaim");
        }

        /// <summary>The driver end writes its descriptor area, driver area and indirect tables, never the data buffers or the device area.</summary>
        private void CheckDriverWrites(byte[] before, string operation)
        {
            var allowed = new List<(ulong Start, ulong End)>
            {
                (config.DescriptorArea, config.DriverArea + (packed ? PackedRingLayout.EventSuppressionSize : (ulong)SplitRingLayout.AvailRingSize(config.Size))),
                (IndirectArea, IndirectArea + (16UL * IndirectEntries * config.Size)),
            };
            byte[] after = memory.Memory.Regions[0].Backing.ToArray();
            for (int i = 0; i < after.Length; i++)
            {
                if (after[i] != before[i] && !Inside(allowed, Base + (ulong)i))
                {
                    Log.Fail("FF-DRV-32", where, $"the driver end's {operation} wrote 0x{Base + (ulong)i:x}");
                    return;
                }
            }
        }

        /// <summary>
        /// Serves what is pending, makes <paramref name="case"/> the next available chain and pops: unless an earlier
        /// scribble changed the ring, the device end reports exactly the case's error (FF-RING-5 to FF-RING-12) and
        /// takes nothing, or takes the chain when it is well formed.
        /// </summary>
        private void Inject(MalformedCase @case)
        {
            Serve();
            bool exact = !scribbled;
            scribbled = true;
            var ring = new LiveSplitRing(memory.Memory, new Systems.QueueLayout(config.Size, config.DescriptorArea, config.DriverArea, config.DeviceArea));
            ring.Inject(@case, DataArea, Base + MemorySize, Base + (60 << 10));
            QueueError expected = @case == MalformedCase.WritableReplyChain ? QueueError.None : MalformedCases.Expected(@case, scenario.Indirect).Error;
            bool popped = device.TryPop(storage, out DescriptorChain chain, out QueueError error);
            if (popped)
            {
                device.PushUsed(new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength), 0);
            }

            if (exact)
            {
                Require(popped == (expected == QueueError.None) && error == expected, MalformedCases.Requirement(@case), $"{@case}: the device end gave {(popped ? "a chain" : error.ToString())}, expected {(expected == QueueError.None ? "a chain" : expected.ToString())}");
            }
        }

        private void Scribble(RingScribble scribble)
        {
            scribbled = true;
            (ulong start, ulong end) = scribble.Area switch
            {
                0 => (config.DescriptorArea, config.DriverArea),
                1 => (config.DriverArea, config.DeviceArea),
                2 => (config.DeviceArea, DeviceAreaEnd),
                _ => (IndirectArea, IndirectArea + (16UL * IndirectEntries * config.Size)),
            };
            ulong length = Math.Max(1, end - start);
            for (int i = 0; i < scribble.Bytes.Length; i++)
            {
                memory.Memory.TryWrite(start + ((ulong)(scribble.Offset + i) % length), scribble.Bytes.AsSpan(i, 1));
            }
        }

        private static bool Inside(List<(ulong Start, ulong End)> ranges, ulong address) => ranges.Exists(r => address >= r.Start && address < r.End);

        private void Require(bool condition, string requirements, string what) => Log.Require(condition, requirements, where, what);
    }
}
