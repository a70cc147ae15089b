using System.Collections.Generic;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues;
using static FsFreeze.Vectors.Rings.ScenarioSteps;

namespace FsFreeze.Vectors.Rings
{
    /// <summary>
    /// The split-ring scenarios. Ids name what each scenario exercises and never change; add a new scenario rather
    /// than altering one, so implementers' baselines stay meaningful.
    /// </summary>
    internal static class SplitRingScenarios
    {
        private static readonly ulong Version1 = VirtioFeatureBit.Mask(VirtioFeatureBit.Version1);
        private static readonly ulong EventIdx = VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx);
        private static readonly ulong IndirectDesc = VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc);

        /// <summary>Every split-ring scenario, in file order.</summary>
        internal static IReadOnlyList<RingScenario> All() => new[]
        {
            SingleReadable(),
            ChainsOutOfOrder(),
            FlagSuppression(),
            EventIndexSuppression(),
            Wrap(eventIdx: false),
            Wrap(eventIdx: true),
            IndirectChain(),
            SizeOne(),
        };

        private static BufferSpec B(RingConfig config, int index, uint length) => new(config.Data(index), length);

        private static RingScenario SingleReadable()
        {
            RingConfig c = RingConfig.Create(RingFormat.Split, 4, Version1);
            return new RingScenario(
                "size-4-single-readable",
                "One readable buffer through the whole cycle: add, notify, pop, use, interrupt, reclaim; then nothing is left.",
                new[] { "FF-RING-1", "FF-RING-3", "FF-RING-4", "FF-RING-17" },
                c,
                new[] { Add(1, new[] { B(c, 0, 64) }, None), Notify(), Pop(), Pop(), Push(0, 0), Interrupt(), Reclaim(), Reclaim(), Interrupt() });
        }

        private static RingScenario ChainsOutOfOrder()
        {
            RingConfig c = RingConfig.Create(RingFormat.Split, 4, Version1);
            return new RingScenario(
                "size-4-chains-1-and-3-out-of-order",
                "A chain of 3 (1 readable, 2 writable) and a chain of 1; the device uses the second first. The free "
                + "list is reused after reclaim, and a chain that does not fit is refused with queue_full.",
                new[] { "FF-RING-1", "FF-RING-3", "FF-RING-4", "FF-RING-9", "FF-RING-15", "FF-RING-17" },
                c,
                new[]
                {
                    Add(10, new[] { B(c, 1, 32) }, new[] { B(c, 2, 128), B(c, 3, 256) }),
                    Add(11, None, new[] { B(c, 4, 16) }),
                    Notify(),
                    Pop(),
                    Pop(),
                    Push(3, 16),
                    Interrupt(),
                    Reclaim(),
                    Push(0, 300),
                    Interrupt(),
                    Reclaim(),
                    Reclaim(),
                    Add(12, new[] { B(c, 5, 8) }, new[] { B(c, 6, 8), B(c, 7, 8) }),
                    Add(13, new[] { B(c, 8, 8) }, new[] { B(c, 9, 8) }),
                    Add(14, new[] { B(c, 10, 8) }, None),
                    Notify(),
                });
        }

        private static RingScenario FlagSuppression()
        {
            RingConfig c = RingConfig.Create(RingFormat.Split, 4, Version1);
            return new RingScenario(
                "size-4-flags-suppression",
                "Without EVENT_IDX: used.flags NO_NOTIFY suppresses the driver's notification and avail.flags "
                + "NO_INTERRUPT the device's interrupt; re-enabling reports the work that arrived meanwhile.",
                new[] { "FF-RING-1", "FF-RING-17" },
                c,
                new[]
                {
                    DisableNotifications(),
                    Add(20, new[] { B(c, 0, 16) }, None),
                    Notify(),
                    EnableNotifications(),
                    Add(21, new[] { B(c, 1, 16) }, None),
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
                });
        }

        private static RingScenario EventIndexSuppression()
        {
            RingConfig c = RingConfig.Create(RingFormat.Split, 4, Version1 | EventIdx);
            return new RingScenario(
                "size-4-event-idx",
                "With EVENT_IDX: notifications follow vring_need_event on avail_event and used_event, the flags stay 0.",
                new[] { "FF-RING-1", "FF-RING-3", "FF-RING-4", "FF-RING-18" },
                c,
                new[]
                {
                    Add(30, new[] { B(c, 0, 16) }, None),
                    Notify(),
                    Add(31, new[] { B(c, 1, 16) }, None),
                    Notify(),
                    EnableNotifications(),
                    Pop(),
                    Pop(),
                    Add(32, None, new[] { B(c, 2, 64) }),
                    Notify(),
                    Pop(),
                    Push(0, 0),
                    Interrupt(),
                    Push(1, 0),
                    Interrupt(),
                    Reclaim(),
                    Reclaim(),
                    Push(2, 40),
                    Interrupt(),
                    DisableInterrupts(),
                    Reclaim(),
                    EnableInterrupts(),
                    DisableNotifications(),
                });
        }

        private static RingScenario Wrap(bool eventIdx)
        {
            const ushort start = 65534;
            RingConfig c = RingConfig.Create(RingFormat.Split, 4, Version1 | (eventIdx ? EventIdx : 0), start);
            var steps = new List<RingStep>();
            if (eventIdx)
            {
                steps.Add(EnableNotifications());
                steps.Add(EnableInterrupts());
            }

            // Six round trips from 65534 carry both indices across 65535 -> 0 and round the ring once more.
            for (int round = 0; round < 6; round++)
            {
                BufferSpec[] writable = round % 2 == 0 ? new[] { B(c, round, 32) } : new[] { B(c, round, 32), B(c, round + 8, 32) };
                steps.Add(Add((ulong)(40 + round), None, writable));
                steps.Add(Notify());
                steps.Add(Pop());
                if (eventIdx)
                {
                    // Re-arm avail_event at the new available index, so the next add needs a notification again.
                    steps.Add(EnableNotifications());
                }

                // The driver's free list hands the last freed head out first, so every chain here starts at 0.
                steps.Add(Push(0, 32));
                steps.Add(Interrupt());
                steps.Add(Reclaim());
            }

            string suffix = eventIdx ? "event-idx-" : string.Empty;
            return new RingScenario(
                "size-4-" + suffix + "wrap-65534",
                "Both indices start at 65534 and wrap past 65535 to 0; slots are idx mod 4"
                + (eventIdx ? ", and vring_need_event decides across the wrap." : "."),
                eventIdx ? new[] { "FF-RING-3", "FF-RING-4", "FF-RING-18" } : new[] { "FF-RING-3", "FF-RING-4", "FF-RING-17" },
                c,
                steps);
        }

        private static RingScenario IndirectChain()
        {
            RingConfig c = RingConfig.Create(RingFormat.Split, 4, Version1 | IndirectDesc);
            return new RingScenario(
                "size-4-indirect-3",
                "With INDIRECT_DESC: a chain of 3 (2 readable, 1 writable) in an indirect table takes one descriptor; "
                + "a direct chain follows it. The table of head h is at indirect_area + h * indirect_entries * 16.",
                new[] { "FF-RING-1", "FF-RING-4", "FF-RING-10" },
                c,
                new[]
                {
                    AddIndirect(50, new[] { B(c, 0, 16), B(c, 1, 32) }, new[] { B(c, 2, 64) }),
                    Add(51, new[] { B(c, 3, 16) }, None),
                    Notify(),
                    Pop(),
                    Pop(),
                    Push(0, 64),
                    Push(1, 0),
                    Interrupt(),
                    Reclaim(),
                    Reclaim(),
                });
        }

        private static RingScenario SizeOne()
        {
            RingConfig c = RingConfig.Create(RingFormat.Split, 1, Version1);
            return new RingScenario(
                "size-1-single-slot",
                "Queue Size 1: one chain at a time; a second add is refused with queue_full until the first is reclaimed.",
                new[] { "FF-RING-2", "FF-RING-3" },
                c,
                new[]
                {
                    Add(60, new[] { B(c, 0, 8) }, None),
                    Add(61, new[] { B(c, 1, 8) }, None),
                    Pop(),
                    Push(0, 0),
                    Reclaim(),
                    Add(62, None, new[] { B(c, 2, 8) }),
                    Notify(),
                    Pop(),
                    Push(0, 8),
                    Interrupt(),
                    Reclaim(),
                });
        }
    }
}
