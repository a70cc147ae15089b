using System.Collections.Generic;
using FsFreeze.Vectors.Json;

namespace FsFreeze.Vectors.EventIdx
{
    /// <summary>
    /// event-idx.json: <c>vring_need_event</c> (FF-RING-18) on every 16-bit wraparound edge, on windows around
    /// the event index and across 65535 -> 0, and on a fixed pseudo-random sample.
    /// </summary>
    internal static class EventIdxVectors
    {
        /// <summary>File name under conformance/vectors/.</summary>
        internal const string FileName = "event-idx.json";

        /// <summary>Schema name and version.</summary>
        internal const string Schema = "fsfreeze.vectors.event-idx/1";

        /// <summary>Seed of the random sample; changing it changes the file.</summary>
        internal const ulong RandomSeed = 0x5649_5254_494F_1D58UL;

        /// <summary>Size of the random sample.</summary>
        internal const int RandomCount = 600;

        // Values where u16 arithmetic changes behaviour: both ends of the range, either side of the half-way
        // point (where a signed comparison would flip), and their neighbours.
        private static readonly ushort[] EdgeValues = { 0, 1, 2, 32766, 32767, 32768, 32769, 65534, 65535 };

        /// <summary>All cases, duplicates removed (first occurrence kept), in a fixed order.</summary>
        internal static IReadOnlyList<EventIdxCase> Cases()
        {
            var cases = new List<EventIdxCase>();
            var seen = new HashSet<string>();
            void Add(ushort ev, ushort next, ushort old, string kind)
            {
                var candidate = new EventIdxCase(ev, next, old, kind);
                if (seen.Add(candidate.Id))
                {
                    cases.Add(candidate);
                }
            }

            // Every combination of edge values: event==new, event==old, old==new and the wrap all fall out of it.
            foreach (ushort ev in EdgeValues)
            {
                foreach (ushort next in EdgeValues)
                {
                    foreach (ushort old in EdgeValues)
                    {
                        Add(ev, next, old, "edge");
                    }
                }
            }

            // A move of 1..3 with the event just before, on, inside and just after the window (old, new].
            foreach (ushort old in new ushort[] { 0, 100, 32766, 65533 })
            {
                for (int step = 1; step <= 3; step++)
                {
                    ushort next = (ushort)(old + step);
                    for (int delta = -2; delta <= step + 2; delta++)
                    {
                        Add((ushort)(old + delta), next, old, "window");
                    }
                }
            }

            // Windows that cross 65535 -> 0, with the event on every index near the crossing.
            for (int old = 65530; old <= 65535; old++)
            {
                for (int next = 0; next <= 5; next++)
                {
                    for (int ev = -4; ev <= 6; ev += 2)
                    {
                        Add((ushort)ev, (ushort)next, (ushort)old, "wrap-window");
                    }
                }
            }

            var random = new SplitMix64(RandomSeed);
            for (int i = 0; i < RandomCount; i++)
            {
                // Half the sample uses short moves, as real rings do; the rest spans the whole 16-bit space.
                ushort old = random.NextUInt16();
                ushort next = i % 2 == 0 ? (ushort)(old + (random.NextUInt16() % 64)) : random.NextUInt16();
                ushort ev = i % 2 == 0 ? (ushort)(old + (random.NextUInt16() % 96) - 16) : random.NextUInt16();
                Add(ev, next, old, "random");
            }

            return cases;
        }

        /// <summary>Generates the file text.</summary>
        internal static string Generate() => VectorDocument.Write(
            new VectorHeader(
                Schema,
                "vring_need_event(event, new, old) = (u16)(new - event - 1) < (u16)(new - old): true when event lies in "
                + "[old, new) modulo 65536, i.e. the entry written at index event is among those just published. Kinds: edge (all combinations of "
                + "0, 1, 2, 32766..32769, 65534, 65535), window (event around a short move), wrap-window (moves "
                + "across 65535 -> 0), random (SplitMix64, fixed seed).",
                new[] { "FF-RING-18" }),
            Cases(),
            static (writer, c) =>
            {
                writer.WriteString("id", c.Id);
                writer.WriteString("kind", c.Kind);
                writer.WriteNumber("event", c.Event);
                writer.WriteNumber("new", c.New);
                writer.WriteNumber("old", c.Old);
                writer.WriteBoolean("need_event", c.NeedEvent);
            });
    }
}
