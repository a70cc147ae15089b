using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Vectors.Rings;

namespace FsFreeze.Conformance.Vectors
{
    /// <summary>
    /// Replays ring-state-&lt;format&gt;.json against the implementation under test: the same operations through
    /// IDriverQueue and IDeviceQueue must give the same answers and leave the ring memory byte-identical.
    /// </summary>
    [TestFixture]
    public sealed class RingStateReplayTests
    {
        /// <summary>One case per (implementation, scenario) of the implementation's ring format.</summary>
        public static IEnumerable<TestCaseData> Scenarios()
        {
            foreach (IVirtqueueImplementation implementation in Implementations.Virtqueues())
            {
                // A missing file is a failure, not a skip: the one case left says so (VectorData.Root fails with the fix).
                string fileName = RingStateVectors.FileName(implementation.IsPacked ? RingFormat.Packed : RingFormat.Split);
                if (!VectorData.Exists(fileName))
                {
                    yield return new TestCaseData(implementation, fileName, string.Empty).SetName($"RingState({implementation.Name}, {fileName} missing)");
                    continue;
                }

                foreach (JsonElement scenario in VectorData.Vectors(fileName))
                {
                    string id = scenario.GetProperty("id").GetString()!;
                    yield return new TestCaseData(implementation, fileName, id).SetName($"RingState({implementation.Name}, {id})");
                }
            }
        }

        /// <summary>Every step's answer and the ring bytes after it match the vector.</summary>
        [TestCaseSource(nameof(Scenarios))]
        [Requirement("FF-RING-1")]
        [Requirement("FF-RING-3")]
        [Requirement("FF-RING-4")]
        [Requirement("FF-RING-17")]
        [Requirement("FF-RING-18")]
        [Requirement("FF-RING-21")]
        [Requirement("FF-RING-22")]
        [Requirement("FF-RING-23")]
        [Requirement("FF-RING-24")]
        public void ReplayMatchesVector(IVirtqueueImplementation implementation, string fileName, string scenarioId)
        {
            ArgumentNullException.ThrowIfNull(implementation);
            JsonElement scenario = VectorData.Find(fileName, scenarioId);
            RingConfig config = RingConfig.Parse(scenario.GetProperty("config"));
            Assert.That(config.Format, Is.EqualTo(implementation.IsPacked ? RingFormat.Packed : RingFormat.Split), $"{scenarioId}: config.format");
            RingEndsFactory factory = AdapterRingEnds.For(implementation, config.StartIndex);
            RingSession session;
            try
            {
                session = RingSession.Start(config, factory);
            }
            catch (InvalidOperationException exception)
            {
                Assert.Fail($"{scenarioId}: {exception.Message}");
                return;
            }

            AssertAreas(scenarioId, "initial", RingAreas.Parse(scenario.GetProperty("initial")), session.Snapshot());
            int index = 0;
            foreach (JsonElement element in scenario.GetProperty("steps").EnumerateArray())
            {
                RingStep step = RingStep.Parse(element);
                string where = $"step {index} ({step.Op})";
                JsonNode? expected = JsonNode.Parse(element.GetProperty("expect").GetRawText());

                // Round-trip the answer through text so numbers compare by value, not by .NET type.
                JsonNode? actual = JsonNode.Parse(RingStepExecutor.Execute(session, step).ToJsonString());
                Assert.That(JsonNode.DeepEquals(actual, expected), Is.True, $"{scenarioId} {where}: expected {expected?.ToJsonString()}, got {actual?.ToJsonString()}");
                AssertAreas(scenarioId, where, RingAreas.Parse(element), session.Snapshot());
                index++;
            }
        }

        private static void AssertAreas(string scenarioId, string where, RingAreas expected, RingAreas actual)
        {
            AssertHex(scenarioId, where, "descriptor_area", expected.DescriptorArea, actual.DescriptorArea);
            AssertHex(scenarioId, where, "driver_area", expected.DriverArea, actual.DriverArea);
            AssertHex(scenarioId, where, "device_area", expected.DeviceArea, actual.DeviceArea);
            AssertHex(scenarioId, where, "indirect_area", expected.IndirectArea ?? string.Empty, actual.IndirectArea ?? string.Empty);
        }

        private static void AssertHex(string scenarioId, string where, string area, string expected, string actual)
        {
            if (string.Equals(expected, actual, StringComparison.Ordinal))
            {
                return;
            }

            int at = 0;
            while (at < expected.Length && at < actual.Length && expected[at] == actual[at])
            {
                at++;
            }

            Assert.Fail($"{scenarioId} {where}: {area} differs from byte {at / 2}\n expected {expected}\n actual   {actual}");
        }
    }
}
