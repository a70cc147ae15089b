using System.Collections.Generic;
using System.Linq;
using FsFreeze.Vectors.Json;

namespace FsFreeze.Vectors.Rings
{
    /// <summary>
    /// ring-state-&lt;format&gt;.json: scenarios replayed step by step, each step with the implementation's
    /// answer and the exact bytes of the ring areas after it (FF-RING-1 layout, FF-RING-3 free-running indices,
    /// FF-RING-4 publication order as visible in memory, FF-RING-17/18 notification decisions; for the packed ring
    /// FF-RING-21 layout, FF-RING-22 wrap counters, FF-RING-23 chains and used descriptors, FF-RING-24 event
    /// suppression).
    /// </summary>
    internal static class RingStateVectors
    {
        /// <summary>Schema name and version, shared by every ring format.</summary>
        internal const string Schema = "fsfreeze.vectors.ring-state/1";

        /// <summary>File name of the split-ring scenarios.</summary>
        internal const string SplitFileName = "ring-state-split.json";

        /// <summary>File name of the packed-ring scenarios.</summary>
        internal const string PackedFileName = "ring-state-packed.json";

        /// <summary>The file name for <paramref name="format"/>.</summary>
        internal static string FileName(string format) => "ring-state-" + format + ".json";

        /// <summary>Generates the split-ring file from the reference implementation.</summary>
        internal static string GenerateSplit() => Generate(RingFormat.Split, SplitRingScenarios.All(), ReferenceRingEnds.Split);

        /// <summary>
        /// Generates the packed-ring file from the reference implementation. Its scenarios are its own, not the
        /// split ones replayed: device_push names Buffer IDs, which follow the packed driver's allocation, and a
        /// packed ring has no free-running index to start near 65535.
        /// </summary>
        internal static string GeneratePacked() => Generate(RingFormat.Packed, PackedRingScenarios.All(), ReferenceRingEnds.Packed);

        /// <summary>Runs <paramref name="scenarios"/> on ends from <paramref name="factory"/> and writes the file text.</summary>
        internal static string Generate(string format, IReadOnlyList<RingScenario> scenarios, RingEndsFactory factory)
        {
            IReadOnlyList<RecordedScenario> recorded = scenarios.Select(scenario => RingScenarioRunner.Run(scenario, factory)).ToList();
            return VectorDocument.Write(
                new VectorHeader(
                    Schema,
                    "Ring-state scenarios for the " + format + " virtqueue. Create guest memory and both queue ends from "
                    + "config (driver end first: it zeroes the ring), check the areas against initial, then perform each "
                    + "step in order and compare its answer with expect and the ring areas (lowercase hex) byte for byte.",
                    scenarios.SelectMany(s => s.SpecRefs).Distinct().OrderBy(s => s.Length).ThenBy(s => s, System.StringComparer.Ordinal).ToList()),
                recorded,
                static (writer, run) =>
                {
                    writer.WriteString("id", run.Scenario.Id);
                    writer.WriteString("description", run.Scenario.Description);
                    writer.WriteStartArray("spec_refs");
                    foreach (string reference in run.Scenario.SpecRefs)
                    {
                        writer.WriteStringValue(reference);
                    }

                    writer.WriteEndArray();
                    writer.WriteStartObject("config");
                    run.Scenario.Config.WriteTo(writer);
                    writer.WriteEndObject();
                    writer.WriteStartObject("initial");
                    run.Initial.WriteTo(writer);
                    writer.WriteEndObject();
                    writer.WriteStartArray("steps");
                    foreach (RecordedStep step in run.Steps)
                    {
                        writer.WriteStartObject();
                        step.Step.WriteArguments(writer);
                        writer.WritePropertyName("expect");
                        step.Expect.WriteTo(writer);
                        step.Areas.WriteTo(writer);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                });
        }
    }
}
