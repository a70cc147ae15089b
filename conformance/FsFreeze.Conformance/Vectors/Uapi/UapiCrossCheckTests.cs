using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues.Packed;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Conformance.Vectors.Uapi
{
    /// <summary>
    /// Compiles a C probe against the local Linux uapi headers and compares what Linux computes with the model and
    /// the JSON vectors: vring_init/vring_size for every layout vector, vring_need_event for every event-idx vector,
    /// struct layouts, flags, status and feature bits, and the virtio-mmio offsets. Ignored (never silently passed)
    /// where gcc or the headers are missing.
    /// </summary>
    [TestFixture]
    public sealed class UapiCrossCheckTests
    {
        private UapiReport _report = null!;
        private List<JsonElement> _layouts = null!;
        private List<JsonElement> _events = null!;
        private List<UapiExpectation> _macros = null!;

        /// <summary>Builds and runs the probe once for the fixture.</summary>
        [OneTimeSetUp]
        public void RunProbe()
        {
            string? reason = UapiProbe.Unavailable();
            if (reason is not null)
            {
                Assert.Ignore($"uapi cross-check skipped: {reason}");
            }

            _layouts = VectorData.Vectors("split-ring-layout.json").ToList();
            _events = VectorData.Vectors("event-idx.json").ToList();
            _macros = UapiExpectations.Ring()
                .Concat(UapiExpectations.Config())
                .Concat(UapiExpectations.Mmio(VectorData.Vectors("mmio-registers.json")))
                .ToList();
            string output = UapiProbe.Run(
                _layouts.Select(v => (v.GetProperty("queue_size").GetInt32(), v.GetProperty("align").GetInt32())).ToList(),
                _events.Select(v => (v.GetProperty("event").GetUInt16(), v.GetProperty("new").GetUInt16(), v.GetProperty("old").GetUInt16())).ToList(),
                _macros.Select(m => m.Macro).ToList());
            _report = UapiReport.Parse(output);
        }

        /// <summary>Linux's vring_init offsets and vring_size equal every layout vector and the model.</summary>
        [Test]
        [Requirement("FF-RING-19")]
        public void VringInitAndSizeMatchLayoutVectors()
        {
            var failures = new List<string>();
            string[] fields = { "desc_offset", "avail_offset", "used_offset", "used_event_offset", "avail_event_offset", "size" };
            foreach (JsonElement vector in _layouts)
            {
                int size = vector.GetProperty("queue_size").GetInt32();
                int align = vector.GetProperty("align").GetInt32();
                if (!_report.Layouts.TryGetValue((size, align), out long[]? linux))
                {
                    failures.Add($"{vector.GetProperty("id").GetString()}: the probe printed nothing");
                    continue;
                }

                LegacyRingLayout model = SplitRingLayout.Legacy(size, align);
                long[] modelValues = { model.DescriptorOffset, model.AvailOffset, model.UsedOffset, model.UsedEventOffset, model.AvailEventOffset, model.Size };
                for (int i = 0; i < fields.Length; i++)
                {
                    long file = vector.GetProperty(fields[i]).GetInt64();
                    if (linux[i] != file || linux[i] != modelValues[i])
                    {
                        failures.Add($"{vector.GetProperty("id").GetString()} {fields[i]}: linux {linux[i]}, file {file}, model {modelValues[i]}");
                    }
                }
            }

            Assert.That(failures, Is.Empty, string.Join("\n", failures));
        }

        /// <summary>Linux's vring_need_event equals every event-idx vector and the model.</summary>
        [Test]
        [Requirement("FF-RING-18")]
        public void VringNeedEventMatchesEventIdxVectors()
        {
            var failures = new List<string>();
            foreach (JsonElement vector in _events)
            {
                ushort ev = vector.GetProperty("event").GetUInt16();
                ushort next = vector.GetProperty("new").GetUInt16();
                ushort old = vector.GetProperty("old").GetUInt16();
                bool file = vector.GetProperty("need_event").GetBoolean();
                bool model = EventIndex.NeedEvent(ev, next, old);
                if (!_report.NeedEvent.TryGetValue((ev, next, old), out bool linux) || linux != file || linux != model)
                {
                    failures.Add($"{vector.GetProperty("id").GetString()}: linux {linux}, file {file}, model {model}");
                }
            }

            Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(50)));
        }

        /// <summary>The uapi structs have the model's split and packed layouts.</summary>
        [Test]
        [Requirement("FF-RING-1")]
        [Requirement("FF-RING-21")]
        public void StructLayoutsMatchModel()
        {
            var expected = new Dictionary<string, long>
            {
                ["sizeof vring_desc"] = SplitRingLayout.DescriptorSize,
                ["offsetof vring_desc.addr"] = SplitRingLayout.DescriptorAddressOffset,
                ["offsetof vring_desc.len"] = SplitRingLayout.DescriptorLengthOffset,
                ["offsetof vring_desc.flags"] = SplitRingLayout.DescriptorFlagsOffset,
                ["offsetof vring_desc.next"] = SplitRingLayout.DescriptorNextOffset,
                ["sizeof vring_avail"] = SplitRingLayout.AvailRingOffset,
                ["offsetof vring_avail.flags"] = SplitRingLayout.AvailFlagsOffset,
                ["offsetof vring_avail.idx"] = SplitRingLayout.AvailIdxOffset,
                ["offsetof vring_avail.ring"] = SplitRingLayout.AvailRingOffset,
                ["sizeof vring_used_elem"] = SplitRingLayout.UsedElementSize,
                ["offsetof vring_used_elem.id"] = 0,
                ["offsetof vring_used_elem.len"] = 4,
                ["sizeof vring_used"] = SplitRingLayout.UsedRingOffset,
                ["offsetof vring_used.flags"] = SplitRingLayout.UsedFlagsOffset,
                ["offsetof vring_used.idx"] = SplitRingLayout.UsedIdxOffset,
                ["offsetof vring_used.ring"] = SplitRingLayout.UsedRingOffset,

                ["sizeof vring_packed_desc"] = PackedRingLayout.DescriptorSize,
                ["offsetof vring_packed_desc.addr"] = PackedRingLayout.DescriptorAddressOffset,
                ["offsetof vring_packed_desc.len"] = PackedRingLayout.DescriptorLengthOffset,
                ["offsetof vring_packed_desc.id"] = PackedRingLayout.DescriptorIdOffset,
                ["offsetof vring_packed_desc.flags"] = PackedRingLayout.DescriptorFlagsOffset,
                ["sizeof vring_packed_desc_event"] = PackedRingLayout.EventSuppressionSize,
                ["offsetof vring_packed_desc_event.off_wrap"] = PackedRingLayout.EventOffWrapOffset,
                ["offsetof vring_packed_desc_event.flags"] = PackedRingLayout.EventFlagsOffset,
            };
            var failures = new List<string>();
            foreach (KeyValuePair<string, long> pair in expected)
            {
                if (!_report.Structs.TryGetValue(pair.Key, out long linux) || linux != pair.Value)
                {
                    failures.Add($"{pair.Key}: linux {(_report.Structs.ContainsKey(pair.Key) ? linux.ToString(System.Globalization.CultureInfo.InvariantCulture) : "absent")}, model {pair.Value}");
                }
            }

            Assert.That(failures, Is.Empty, string.Join("\n", failures));
        }

        /// <summary>Ring flags, status bits, feature bits and MMIO offsets equal the model, the spec and mmio-registers.json.</summary>
        [Test]
        [Requirement("FF-RING-1")]
        [Requirement("FF-RING-10")]
        [Requirement("FF-RING-17")]
        [Requirement("FF-RING-24")]
        [Requirement("FF-MMIO-1")]
        [Requirement("FF-MMIO-8")]
        [Requirement("FF-INIT-1")]
        public void MacrosMatchModelSpecAndVectors()
        {
            var failures = new List<string>();
            foreach (UapiExpectation macro in _macros)
            {
                if (_report.Constants.TryGetValue(macro.Macro, out long linux))
                {
                    if (linux != macro.Expected)
                    {
                        failures.Add($"{macro.Macro}: linux {linux}, {macro.Source} {macro.Expected}");
                    }
                }
                else if (macro.Optional)
                {
                    TestContext.Out.WriteLine($"{macro.Macro}: not in these headers (newer than Linux 6.1's uapi), not compared");
                }
                else
                {
                    failures.Add($"{macro.Macro}: missing from the headers");
                }
            }

            Assert.That(failures, Is.Empty, string.Join("\n", failures));
        }
    }
}
