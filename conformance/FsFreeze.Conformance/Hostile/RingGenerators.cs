using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// FsCheck generators of one-queue runs (<see cref="RingScenario"/>): honest traffic between the two ends,
    /// indirect chains included, mixed with random bytes and random index values written into the descriptor table,
    /// the driver and device areas and the indirect tables, and (split) every named malformed chain at a random
    /// point of the traffic; a third of the runs are honest traffic only, so the leak check applies. Scenarios shrink by
    /// dropping steps.
    /// </summary>
    public static class RingGenerators
    {
        /// <summary>One-queue scenarios.</summary>
        public static Arbitrary<RingScenario> Scenarios
        {
            get
            {
                Gen<RingStep> step = Gen.Frequency(
                    (24, from readable in Gen.Choose(0, 3)
                        from writable in Gen.Choose(readable == 0 ? 1 : 0, 3)
                        from indirect in Gen.Elements(false, false, true)
                        select (RingStep)new RingAdd(readable, writable, indirect)),
                    (12, Gen.Constant((RingStep)new RingServe())),
                    (1, Gen.Elements(System.Enum.GetValues<MalformedCase>()).Select(static c => (RingStep)new RingInject(c))),
                    (12, Gen.Constant((RingStep)new RingReclaim())),
                    (8, from area in Gen.Choose(0, 3)
                        from offset in Gen.Choose(0, 4096)
                        from length in Gen.Frequency((3, Gen.Choose(1, 2)), (1, Gen.Choose(3, 16)))
                        from bytes in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Constant(255)), (3, Gen.Choose(0, 255))).Select(static b => (byte)b), length)
                        select (RingStep)new RingScribble(area, offset, bytes)));
                Gen<RingScenario> gen =
                    from size in Gen.Elements<ushort>(1, 2, 4, 8, 16)
                    from indirect in Gen.Elements(true, false)
                    from eventIdx in Gen.Elements(true, false)
                    from count in Gen.Choose(5, 40)
                    from steps in Gen.ArrayOf(step, count)
                    from clean in Gen.Frequency((1, Gen.Constant(true)), (2, Gen.Constant(false)))
                    select new RingScenario(size, indirect, eventIdx, clean ? steps.Where(static s => s is not (RingScribble or RingInject)).ToArray() : steps);
                return Arb.From(gen, Shrink);
            }
        }

        private static IEnumerable<RingScenario> Shrink(RingScenario scenario) =>
            Enumerable.Range(0, scenario.Steps.Length).Select(i => scenario with { Steps = scenario.Steps.Where((_, j) => j != i).ToArray() });
    }
}
