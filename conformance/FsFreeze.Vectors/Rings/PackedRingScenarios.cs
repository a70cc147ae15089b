using System.Collections.Generic;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues;
using static FsFreeze.Vectors.Rings.ScenarioSteps;

namespace FsFreeze.Vectors.Rings
{
    /// <summary>
    /// The packed-ring scenarios. They aim at what the split ring does not have: Queue Sizes that are not powers of
    /// two, wrap counters toggling over several laps, chains that cross the end of the ring, used descriptors that
    /// name a Buffer ID and skip the whole chain's slots, and the event suppression structures. Every scenario
    /// starts at slot 0 with both wrap counters 1 (start_index is always 0). Ids never change; append new scenarios.
    /// </summary>
    internal static class PackedRingScenarios
    {
        private static readonly ulong Version1 = VirtioFeatureBit.Mask(VirtioFeatureBit.Version1);
        private static readonly ulong EventIdx = VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx);
        private static readonly ulong IndirectDesc = VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc);

        /// <summary>Every packed-ring scenario, in file order.</summary>
        internal static IReadOnlyList<RingScenario> All() => new[]
        {
            LapsWithChainsAcrossTheEnd(),
            OutOfOrderBufferIds(),
            IndirectTables(),
            FlagSuppression(),
            EventIndexSuppression(),
            SizeOne(),
        };

        private static BufferSpec B(RingConfig config, int index, uint length) => new(config.Data(index), length);

        private static RingScenario LapsWithChainsAcrossTheEnd()
        {
            RingConfig c = RingConfig.Create(RingFormat.Packed, 3, Version1);
            var steps = new List<RingStep>
            {
                // A direct chain longer than Queue Size can never be placed: the driver refuses it.
                Add(99, new[] { B(c, 90, 8), B(c, 91, 8) }, new[] { B(c, 92, 8), B(c, 93, 8) }),
            };

            // Six chains of two descriptors in a ring of three: heads at slots 0, 2, 1, 0, 2, 1. The chains at
            // slot 2 cross the end (the wrap counter toggles between their two descriptors), the chains at slot 1
            // end exactly on the last slot. Twelve slots are four laps, so each side's counters toggle four times.
            for (int round = 0; round < 6; round++)
            {
                steps.Add(Add((ulong)(100 + round), new[] { B(c, 2 * round, 16) }, new[] { B(c, (2 * round) + 1, 32) }));
                steps.Add(Notify());
                steps.Add(Pop());
                steps.Add(Push(0, (uint)(round * 5)));
                steps.Add(Interrupt());
                steps.Add(Reclaim());
            }

            steps.Add(Reclaim());
            return new RingScenario(
                "size-3-laps-chains-across-end",
                "Queue Size 3 (not a power of two): a four-descriptor chain is refused, then six two-descriptor chains "
                + "go round the ring four times. Chains "
                + "starting at slot 2 cross the end, so their descriptors carry different AVAIL/USED bits; a used "
                + "descriptor with len 0 has no WRITE flag.",
                new[] { "FF-RING-21", "FF-RING-22", "FF-RING-23" },
                c,
                steps);
        }

        private static RingScenario OutOfOrderBufferIds()
        {
            RingConfig c = RingConfig.Create(RingFormat.Packed, 5, Version1);
            return new RingScenario(
                "size-5-out-of-order-buffer-ids",
                "Queue Size 5 filled by chains of 3, 1 and 1 descriptors (Buffer IDs 0, 1, 2); chains that do not fit "
                + "are refused with queue_full. The device uses them as 2, 0, 1 (an id never popped and a len above "
                + "the writable space are refused): each used descriptor goes to the next used slot and both sides skip the chain's "
                + "descriptor count, so the used descriptor of the 3-descriptor chain at slot 1 skips slots 2 and 3. "
                + "Freed Buffer IDs are reused last-freed first on the next lap.",
                new[] { "FF-RING-14", "FF-RING-15", "FF-RING-21", "FF-RING-22", "FF-RING-23" },
                c,
                new[]
                {
                    Add(200, new[] { B(c, 0, 16) }, new[] { B(c, 1, 64), B(c, 2, 64) }),
                    Add(201, None, new[] { B(c, 3, 32) }),
                    Add(202, new[] { B(c, 4, 8), B(c, 5, 8) }, None),
                    Add(203, new[] { B(c, 6, 8) }, None),
                    Add(204, new[] { B(c, 7, 8) }, None),
                    Notify(),
                    Pop(),
                    Pop(),
                    Pop(),
                    Pop(),
                    Push(4, 0),
                    Push(2, 0),
                    Push(0, 100),
                    Interrupt(),
                    Reclaim(),
                    Reclaim(),
                    Reclaim(),
                    Push(1, 33),
                    Push(1, 32),
                    Interrupt(),
                    Reclaim(),
                    Add(205, new[] { B(c, 8, 8) }, new[] { B(c, 9, 8) }),
                    Add(206, None, new[] { B(c, 10, 8), B(c, 11, 8) }),
                    Notify(),
                    Pop(),
                    Pop(),
                    Push(0, 16),
                    Push(1, 8),
                    Interrupt(),
                    Reclaim(),
                    Reclaim(),
                });
        }

        private static RingScenario IndirectTables()
        {
            RingConfig c = RingConfig.Create(RingFormat.Packed, 5, Version1 | IndirectDesc);
            return new RingScenario(
                "size-5-indirect",
                "With INDIRECT_DESC: an indirect chain takes one ring slot whatever its length, its table holding "
                + "only WRITE flags (no NEXT); a full table of Queue Size entries is accepted and one more entry is "
                + "refused. The table of Buffer ID b is at indirect_area + b * indirect_entries * 16.",
                new[] { "FF-RING-10", "FF-RING-21", "FF-RING-22", "FF-RING-23" },
                c,
                new[]
                {
                    AddIndirect(300, new[] { B(c, 0, 16), B(c, 1, 32) }, new[] { B(c, 2, 64) }),
                    Add(301, new[] { B(c, 3, 16) }, new[] { B(c, 4, 16) }),
                    AddIndirect(302, new[] { B(c, 5, 8) }, new[] { B(c, 6, 8), B(c, 7, 8), B(c, 8, 8), B(c, 9, 8) }),
                    AddIndirect(303, new[] { B(c, 10, 8), B(c, 11, 8), B(c, 12, 8) }, new[] { B(c, 13, 8), B(c, 14, 8), B(c, 15, 8) }),
                    Notify(),
                    Pop(),
                    Pop(),
                    Pop(),
                    Push(2, 20),
                    Push(0, 64),
                    Push(1, 0),
                    Interrupt(),
                    Reclaim(),
                    Reclaim(),
                    Reclaim(),
                    AddIndirect(304, None, new[] { B(c, 16, 128) }),
                    Add(305, new[] { B(c, 17, 8) }, None),
                    Notify(),
                    Pop(),
                    Pop(),
                    Push(0, 0),
                    Push(1, 128),
                    Interrupt(),
                    Reclaim(),
                    Reclaim(),
                });
        }

        private static RingScenario FlagSuppression()
        {
            RingConfig c = RingConfig.Create(RingFormat.Packed, 3, Version1);
            return new RingScenario(
                "size-3-flags-enable-disable",
                "Without EVENT_IDX: DISABLE in the Device Event Suppression flags suppresses the driver's "
                + "notification and DISABLE in the Driver Event Suppression flags the device's; ENABLE asks for "
                + "every one again, and re-enabling reports the work that arrived meanwhile. off_wrap stays 0.",
                new[] { "FF-RING-17", "FF-RING-21", "FF-RING-24" },
                c,
                new[]
                {
                    DisableNotifications(),
                    Add(400, new[] { B(c, 0, 16) }, None),
                    Notify(),
                    EnableNotifications(),
                    Add(401, new[] { B(c, 1, 16) }, None),
                    Notify(),
                    DisableInterrupts(),
                    Pop(),
                    Push(0, 0),
                    Interrupt(),
                    EnableInterrupts(),
                    Reclaim(),
                    Pop(),
                    Push(1, 0),
                    Interrupt(),
                    Reclaim(),
                    EnableInterrupts(),
                });
        }

        private static RingScenario EventIndexSuppression()
        {
            RingConfig c = RingConfig.Create(RingFormat.Packed, 5, Version1 | EventIdx);
            return new RingScenario(
                "size-5-event-idx-desc",
                "With EVENT_IDX: the structures start at ENABLE (zeroed), then each side asks for DESC at its next "
                + "position. Notifications follow vring_need_event on off_wrap, also for a chain that crosses the "
                + "end of the ring, where the event offset of the previous lap is moved down by Queue Size; a "
                + "DISABLE in between suppresses everything until DESC is set again.",
                new[] { "FF-RING-18", "FF-RING-21", "FF-RING-22", "FF-RING-24" },
                c,
                new[]
                {
                    Add(500, new[] { B(c, 0, 16) }, None),
                    Notify(),
                    Pop(),
                    Push(0, 0),
                    Interrupt(),
                    Reclaim(),
                    EnableNotifications(),
                    EnableInterrupts(),
                    Add(501, new[] { B(c, 1, 16) }, new[] { B(c, 2, 16) }),
                    Notify(),
                    Pop(),
                    Add(502, new[] { B(c, 3, 16) }, None),
                    Notify(),

                    // Two descriptors at slots 4 and 0: the chain crosses the end while the device has not popped.
                    Add(503, new[] { B(c, 4, 16) }, new[] { B(c, 9, 16) }),
                    Notify(),
                    Pop(),
                    Pop(),
                    Push(1, 0),
                    Interrupt(),
                    Push(0, 16),
                    Interrupt(),
                    Reclaim(),
                    Reclaim(),
                    Push(2, 16),
                    Interrupt(),
                    DisableInterrupts(),
                    Reclaim(),
                    Add(504, new[] { B(c, 5, 16), B(c, 6, 16) }, new[] { B(c, 7, 16) }),
                    Notify(),
                    Pop(),
                    Push(2, 16),
                    Interrupt(),
                    EnableInterrupts(),
                    Reclaim(),
                    Interrupt(),
                    DisableNotifications(),
                    Add(505, new[] { B(c, 8, 16) }, None),
                    Notify(),
                    EnableNotifications(),
                    Pop(),
                    Push(2, 0),
                    Interrupt(),
                    Reclaim(),
                });
        }

        private static RingScenario SizeOne()
        {
            RingConfig c = RingConfig.Create(RingFormat.Packed, 1, Version1);
            return new RingScenario(
                "size-1-single-slot",
                "Queue Size 1: every chain is one descriptor in slot 0 and every add and use toggles a wrap counter; "
                + "a second add is refused with queue_full until the first is reclaimed.",
                new[] { "FF-RING-21", "FF-RING-22" },
                c,
                new[]
                {
                    Add(600, new[] { B(c, 0, 8) }, None),
                    Add(601, new[] { B(c, 1, 8) }, None),
                    Pop(),
                    Push(0, 0),
                    Reclaim(),
                    Add(602, None, new[] { B(c, 2, 8) }),
                    Notify(),
                    Pop(),
                    Push(0, 8),
                    Interrupt(),
                    Reclaim(),
                    Add(603, new[] { B(c, 3, 8) }, None),
                    Pop(),
                    Push(0, 0),
                    Reclaim(),
                });
        }
    }
}
