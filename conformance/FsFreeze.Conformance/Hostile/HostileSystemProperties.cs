using FsCheck;
using FsCheck.Fluent;
using FsFreeze.Conformance.Framework;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// Generated hostile runs of the whole VM (reference device, driver model, VFS, workload, host API in one
    /// deterministic simulation), one property per family of <see cref="SystemGenerators"/>, with every invariant of
    /// <see cref="SystemArena"/> checked on every run. A failure prints the violations with their requirement IDs,
    /// the scenario, the seed and the replay command (<see cref="Seeds.Check"/>). Each test prints how many runs it
    /// generated, so the count of one <c>make test</c> is in the test output.
    /// </summary>
    public sealed class HostileSystemProperties
    {
        /// <summary>Runs per family in one <c>make test</c>.</summary>
        public const int RunsPerFamily = 40;

        [Test]
        [Requirement("FF-DRV-19")]
        [Requirement("FF-DRV-25")]
        [Requirement("FF-DRV-27")]
        [Requirement("FF-DRV-28")]
        [Requirement("FF-DEV-6")]
        [Requirement("FF-HOST-2")]
        [Requirement("FF-HOST-5")]
        [Requirement("FF-DRV-33")]
        public void Faults_FreezeSyncUnfreezeFailures_WriterStorms_RemovalAndShortDeadlines_KeepEveryInvariant() =>
            Check(SystemGenerators.Faults, "faults");

        [Test]
        [Requirement("FF-INIT-7")]
        [Requirement("FF-DEV-9")]
        [Requirement("FF-DEV-14")]
        [Requirement("FF-DEV-15")]
        [Requirement("FF-RING-5")]
        [Requirement("FF-RING-6")]
        [Requirement("FF-RING-7")]
        [Requirement("FF-RING-8")]
        [Requirement("FF-RING-9")]
        [Requirement("FF-RING-10")]
        [Requirement("FF-RING-11")]
        [Requirement("FF-RING-12")]
        [Requirement("FF-RING-14")]
        public void MalformedRings_RandomBytesAndIndices_EndInDeviceNeedsResetExactlyWhereTheSpecSays() =>
            Check(SystemGenerators.MalformedRings, "malformed rings");

        [Test]
        [Requirement("FF-DRV-11")]
        [Requirement("FF-DRV-13")]
        [Requirement("FF-DRV-14")]
        [Requirement("FF-DRV-32")]
        public void HostileDevice_RandomRequests_ReplayedIds_ForgedCompletions_NeverHurtTheGuest() =>
            Check(SystemGenerators.HostileDevice, "hostile device");

        [Test]
        [Requirement("FF-DEV-14")]
        [Requirement("FF-DRV-32")]
        [Requirement("FF-DRV-33")]
        public void EverythingComposed_KeepsEveryInvariant() =>
            Check(SystemGenerators.Everything, "composed");

        private static void Check(Arbitrary<SystemScenario> scenarios, string family)
        {
            var tally = new HostileTally(family);
            Property property = Prop.ForAll(scenarios, scenario =>
            {
                SystemArena arena = SystemArena.Run(scenario);
                tally.Add(arena.Steps, arena.NeedsResets, arena.LeakChecked);
                Seeds.Require(arena.Log.Holds, $"{arena.Log}\nscenario: {scenario}");
            });
            try
            {
                Seeds.Check(property, RunsPerFamily);
            }
            finally
            {
                tally.Print();
            }
        }
    }
}
