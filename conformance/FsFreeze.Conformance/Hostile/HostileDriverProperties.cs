using FsCheck;
using FsCheck.Fluent;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// Generated runs of a hostile driver against the device under test and the host API (<see cref="DeviceArena"/>):
    /// replies of random bytes, replies before their request and to old ids, wrong types and statuses, truncated
    /// and doubled replies, floods, events, replies split over buffers, writable reply chains and resets, with every
    /// invariant checked after every step. The count of runs is printed like the whole-VM runs'.
    /// </summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.Devices))]
    public sealed class HostileDriverProperties
    {
        /// <summary>Runs in one <c>make test</c>.</summary>
        public const int Runs = 300;

        private readonly IDeviceImplementation implementation;

        /// <summary>Binds the fixture to the device under test.</summary>
        public HostileDriverProperties(IDeviceImplementation implementation) => this.implementation = implementation;

        [Test]
        [Requirement("FF-DEV-6")]
        [Requirement("FF-DEV-9")]
        [Requirement("FF-DEV-10")]
        [Requirement("FF-DEV-11")]
        [Requirement("FF-DEV-12")]
        [Requirement("FF-DEV-13")]
        [Requirement("FF-DEV-14")]
        [Requirement("FF-DEV-15")]
        [Requirement("FF-HOST-2")]
        public void HostileReplies_Floods_AndWritableChains_NeverHurtTheDeviceOrTheHost()
        {
            var tally = new HostileTally("hostile driver", "replyq chains read", "runs where the host completed an operation");
            Property property = Prop.ForAll(GuestGenerators.Scenarios, scenario =>
            {
                DeviceArena arena = DeviceArena.Run(implementation, scenario);
                tally.Add(arena.ChainsConsumed, arena.NeedsResets, arena.HostCompleted);
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
