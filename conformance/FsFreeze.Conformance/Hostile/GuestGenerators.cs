using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsFreeze.Protocol;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// FsCheck generators of hostile-driver runs (<see cref="GuestScenario"/>): the host's requests interleaved with
    /// virtual time and with the guest's answers in every <see cref="ReplyForm"/>, messages nobody asked for (replies
    /// before their request, old ids, random bytes, events), floods, replies split over many buffers, writable reply
    /// chains and resets. Scenarios shrink by dropping steps.
    /// </summary>
    public static class GuestGenerators
    {
        /// <summary>Hostile-driver scenarios.</summary>
        public static Arbitrary<GuestScenario> Scenarios
        {
            get
            {
                Gen<GuestStep> step = Gen.Frequency(
                    (4, Gen.Frequency((3, Gen.Choose(1, 50)), (1, Gen.Choose(50, 6000))).Select(static ms => (GuestStep)new GuestAdvance(ms))),
                    (5, from kind in Gen.Choose(0, 2)
                        from deadline in Gen.Frequency((2, Gen.Choose(1, 100)), (1, Gen.Choose(100, 10_000)))
                        select (GuestStep)new GuestHostRequest(kind, (uint)deadline)),
                    (6, from form in Forms
                        from bytes in Bytes(0, 200)
                        from value in Values
                        select (GuestStep)new GuestAnswer(form, bytes, value)),
                    (3, from form in Gen.Elements(ReplyForm.FutureId, ReplyForm.OldId, ReplyForm.RandomBytes, ReplyForm.Event)
                        from bytes in Bytes(0, 200)
                        from value in Values
                        select (GuestStep)new GuestUnasked(form, bytes, value)),
                    (1, from form in Gen.Elements(ReplyForm.FutureId, ReplyForm.OldId, ReplyForm.RandomBytes, ReplyForm.Event)
                        from count in Gen.Choose(10, 80)
                        from value in Values
                        select (GuestStep)new GuestFlood(form, count, value)),
                    (1, Gen.ArrayOf(Gen.Choose(1, 40).Select(static l => (uint)l), 3).Select(static l => (GuestStep)new GuestSplitReply(l))),
                    (1, Gen.Constant((GuestStep)new GuestWritableReply())),
                    (1, Gen.Constant((GuestStep)new GuestReset())));
                Gen<GuestScenario> gen =
                    from features in Gen.Choose(0, (int)FsFreezeFeature.KnownMask)
                    from count in Gen.Choose(4, 30)
                    from steps in Gen.ArrayOf(step, count)
                    select new GuestScenario((ulong)features, steps);
                return Arb.From(gen, Shrink);
            }
        }

        private static Gen<ReplyForm> Forms => Gen.Elements(Enum.GetValues<ReplyForm>());

        private static Gen<uint> Values => Gen.Frequency((2, Gen.Choose(0, 16)), (1, Gen.Choose(0, int.MaxValue))).Select(static v => (uint)v);

        private static Gen<byte[]> Bytes(int min, int max) =>
            from length in Gen.Choose(min, max)
            from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(static b => (byte)b), length)
            select bytes;

        private static IEnumerable<GuestScenario> Shrink(GuestScenario scenario) =>
            Enumerable.Range(0, scenario.Steps.Length).Select(i => scenario with { Steps = scenario.Steps.Where((_, j) => j != i).ToArray() });
    }
}
