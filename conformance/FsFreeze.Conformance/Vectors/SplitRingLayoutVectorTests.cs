using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Conformance.Vectors
{
    /// <summary>split-ring-layout.json against the model's <see cref="SplitRingLayout.Legacy"/>.</summary>
    [TestFixture]
    public sealed class SplitRingLayoutVectorTests
    {
        private const string FileName = "split-ring-layout.json";

        /// <summary>Every vector equals the model's legacy layout.</summary>
        [Test]
        [Requirement("FF-RING-19")]
        public void EveryVectorMatchesModel()
        {
            var failures = new List<string>();
            foreach (JsonElement vector in VectorData.Vectors(FileName))
            {
                int size = vector.GetProperty("queue_size").GetInt32();
                int align = vector.GetProperty("align").GetInt32();
                LegacyRingLayout model = SplitRingLayout.Legacy(size, align);
                Compare(failures, vector, "desc_offset", model.DescriptorOffset);
                Compare(failures, vector, "avail_offset", model.AvailOffset);
                Compare(failures, vector, "used_offset", model.UsedOffset);
                Compare(failures, vector, "used_event_offset", model.UsedEventOffset);
                Compare(failures, vector, "avail_event_offset", model.AvailEventOffset);
                Compare(failures, vector, "size", model.Size);
            }

            Assert.That(failures, Is.Empty, string.Join("\n", failures));
        }

        /// <summary>The file covers every power-of-two Queue Size at alignments 4096, 64 and 16, each under its derived id.</summary>
        [Test]
        [Requirement("FF-RING-19")]
        public void CoversEveryPowerOfTwoAtEachAlignment()
        {
            var ids = new HashSet<string>();
            foreach (JsonElement vector in VectorData.Vectors(FileName))
            {
                string expectedId = string.Create(CultureInfo.InvariantCulture, $"size-{vector.GetProperty("queue_size").GetInt32()}-align-{vector.GetProperty("align").GetInt32()}");
                Assert.That(vector.GetProperty("id").GetString(), Is.EqualTo(expectedId));
                ids.Add(expectedId);
            }

            foreach (int align in new[] { 4096, 64, 16 })
            {
                for (int size = 1; size <= SplitRingLayout.MaxQueueSize; size *= 2)
                {
                    Assert.That(ids, Does.Contain(string.Create(CultureInfo.InvariantCulture, $"size-{size}-align-{align}")));
                }
            }
        }

        /// <summary>
        /// Independent anchors: values worked out by hand from Linux's vring_init/vring_size for align 4096
        /// (research notes, virtio.md 1.3), so the model and the file cannot drift together.
        /// </summary>
        [TestCase(16, 4096L, 292L, 4228L, 4230L)]
        [TestCase(128, 4096L, 2308L, 5124L, 5126L)]
        [TestCase(256, 8192L, 4612L, 10244L, 10246L)]
        [TestCase(1024, 20480L, 18436L, 28676L, 28678L)]
        [Requirement("FF-RING-19")]
        public void KnownLinuxValuesAtAlign4096(int size, long used, long usedEvent, long availEvent, long total)
        {
            JsonElement vector = VectorData.Find(FileName, string.Create(CultureInfo.InvariantCulture, $"size-{size}-align-4096"));
            Assert.That(vector.GetProperty("avail_offset").GetInt64(), Is.EqualTo(16L * size));
            Assert.That(vector.GetProperty("used_offset").GetInt64(), Is.EqualTo(used));
            Assert.That(vector.GetProperty("used_event_offset").GetInt64(), Is.EqualTo(usedEvent));
            Assert.That(vector.GetProperty("avail_event_offset").GetInt64(), Is.EqualTo(availEvent));
            Assert.That(vector.GetProperty("size").GetInt64(), Is.EqualTo(total));
        }

        private static void Compare(List<string> failures, JsonElement vector, string field, long model)
        {
            long value = vector.GetProperty(field).GetInt64();
            if (value != model)
            {
                failures.Add($"{vector.GetProperty("id").GetString()}: {field} is {value} in the file, {model} in the model");
            }
        }
    }
}
