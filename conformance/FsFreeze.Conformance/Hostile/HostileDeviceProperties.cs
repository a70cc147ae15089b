using FsCheck;
using FsCheck.Fluent;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// Generated runs of a hostile device against the driver under test (<see cref="DriverArena"/>): random and forged
    /// requests, replays of old ids, configuration changes and DEVICE_NEEDS_RESET in the middle of a freeze, a device
    /// that vanishes, with guest writers, and every invariant checked every millisecond of virtual time.
    /// </summary>
    public sealed class HostileDeviceProperties
    {
        /// <summary>Runs in one <c>make test</c>.</summary>
        public const int Runs = 100;

        /// <summary>Ignores the test up front when the IUT has no driver (inside a property the ignore would read as a failure).</summary>
        [SetUp]
        public void RequireADriver() => Implementations.Driver();

        [Test]
        [Requirement("FF-DRV-11")]
        [Requirement("FF-DRV-14")]
        [Requirement("FF-DRV-27")]
        [Requirement("FF-DRV-28")]
        [Requirement("FF-DRV-32")]
        public void RandomRequests_Replays_ConfigChangesAndResetsMidFreeze_NeverLeaveTheGuestFrozen()
        {
            var tally = new HostileTally("hostile device (scripted)", flag: "runs with a superblock frozen");
            IDriverImplementation implementation = Implementations.Driver();
            Property property = Prop.ForAll(DeviceGenerators.Scenarios, scenario =>
            {
                DriverArena arena = DriverArena.Run(implementation, scenario);
                tally.Add(arena.Steps, arena.Breaks, arena.Froze);
                Seeds.Require(arena.Log.Holds, $"{arena.Log}\nscenario: {scenario}");
            });
            try
            {
                Seeds.Check(property, Runs);
            }
            finally
            {
                tally.Print();
            }
        }
    }
}
