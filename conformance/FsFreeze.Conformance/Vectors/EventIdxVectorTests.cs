using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Common;

namespace FsFreeze.Conformance.Vectors
{
    /// <summary>event-idx.json against the model's <see cref="EventIndex.NeedEvent"/>.</summary>
    [TestFixture]
    public sealed class EventIdxVectorTests
    {
        private const string FileName = "event-idx.json";

        /// <summary>Every vector's need_event equals the model's answer, and its id is derived from its indices.</summary>
        [Test]
        [Requirement("FF-RING-18")]
        public void EveryVectorMatchesModel()
        {
            var failures = new List<string>();
            foreach (JsonElement vector in VectorData.Vectors(FileName))
            {
                ushort ev = vector.GetProperty("event").GetUInt16();
                ushort next = vector.GetProperty("new").GetUInt16();
                ushort old = vector.GetProperty("old").GetUInt16();
                bool expected = vector.GetProperty("need_event").GetBoolean();
                string id = string.Create(CultureInfo.InvariantCulture, $"event-{ev}-new-{next}-old-{old}");
                if (vector.GetProperty("id").GetString() != id)
                {
                    failures.Add($"{vector.GetProperty("id").GetString()}: id should be {id}");
                }

                if (EventIndex.NeedEvent(ev, next, old) != expected)
                {
                    failures.Add($"{id}: file says {expected}, model says {!expected}");
                }
            }

            Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(50)));
        }

        /// <summary>The file has at least 1000 cases and every wraparound edge the spec's u16 arithmetic depends on.</summary>
        [Test]
        [Requirement("FF-RING-18")]
        public void CoversWraparoundEdges()
        {
            IReadOnlyList<JsonElement> vectors = VectorData.Vectors(FileName);
            Assert.That(vectors, Has.Count.GreaterThanOrEqualTo(1000));
            var cases = vectors.Select(v => (Event: v.GetProperty("event").GetUInt16(), New: v.GetProperty("new").GetUInt16(), Old: v.GetProperty("old").GetUInt16(), Need: v.GetProperty("need_event").GetBoolean())).ToList();
            Assert.Multiple(() =>
            {
                // The event window is [old, new): the entry written at index old is the one that crosses event.
                Assert.That(cases.Any(c => c.Event == c.Old && c.New != c.Old && c.Need), Is.True, "event == old (notify)");
                Assert.That(cases.Any(c => c.Event == c.New && c.New != c.Old && !c.Need), Is.True, "event == new (no notify)");
                Assert.That(cases.Any(c => c.Old == c.New && !c.Need), Is.True, "old == new never notifies");
                Assert.That(cases.Any(c => c.Old > c.New && c.Need), Is.True, "a window across 65535 -> 0 that notifies");
                Assert.That(cases.Any(c => c.Old > c.New && !c.Need), Is.True, "a window across 65535 -> 0 that does not");
                foreach (ushort a in new ushort[] { 0, 1, 32767, 32768, 65535 })
                {
                    foreach (ushort b in new ushort[] { 0, 1, 32767, 32768, 65535 })
                    {
                        foreach (ushort c in new ushort[] { 0, 1, 32767, 32768, 65535 })
                        {
                            Assert.That(cases.Any(x => x.Event == a && x.New == b && x.Old == c), Is.True, $"edge ({a}, {b}, {c})");
                        }
                    }
                }
            });
        }
    }
}
