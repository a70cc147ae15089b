using FsCheck;
using FsCheck.Fluent;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// Generated runs of one virtqueue of the implementation under test, split and packed, with honest traffic and
    /// random bytes and index values written into every ring area (<see cref="RingArena"/>), every invariant checked
    /// after every step. The named malformed cases of the core have their own tests (Rings/) and run live in the
    /// whole-VM runs; these runs add the states nobody named.
    /// </summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.Virtqueues))]
    public sealed class HostileRingProperties
    {
        /// <summary>Runs per ring format in one <c>make test</c>.</summary>
        public const int Runs = 300;

        private readonly IVirtqueueImplementation implementation;

        /// <summary>Binds the fixture to one ring implementation.</summary>
        public HostileRingProperties(IVirtqueueImplementation implementation) => this.implementation = implementation;

        [Test]
        [Requirement("FF-RING-14")]
        [Requirement("FF-RING-16")]
        [Requirement("FF-RING-20")]
        [Requirement("FF-INIT-7")]
        [Requirement("FF-DEV-14")]
        [Requirement("FF-DRV-32")]
        public void RandomRingBytes_NeverMakeEitherEndWriteOutsideItsAreas_OrHandBackWhatWasNotInFlight()
        {
            var tally = new HostileTally($"ring {implementation.Name}", "chains taken by the device end (DEVICE_NEEDS_RESET: runs where it reported a malformed ring)");
            Property property = Prop.ForAll(RingGenerators.Scenarios, scenario =>
            {
                RingArena arena = RingArena.Run(implementation, scenario);
                tally.Add(arena.Popped, arena.Broke ? 1 : 0, arena.LeakChecked);
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
