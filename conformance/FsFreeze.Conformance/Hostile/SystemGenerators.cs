using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// FsCheck generators of hostile whole-VM runs (<see cref="SystemScenario"/>). Each family draws its own step mix
    /// and every scenario interleaves host operations with virtual time, so faults land before, during and after
    /// freezes: <see cref="Faults"/> (callbacks failing, writer storms, removal mid-freeze, short deadlines, requests
    /// before DRIVER_OK), <see cref="MalformedRings"/> (every malformed case of the core on the live replyq, random bytes
    /// and random index values in both rings), <see cref="HostileDevice"/> (requests rewritten after delivery: random
    /// bytes, unknown types, replayed ids, used entries never posted or too long, completions replayed) and
    /// <see cref="Everything"/> (all of them composed). Scenarios shrink by dropping steps.
    /// </summary>
    public static class SystemGenerators
    {
        private static readonly Errno[] Errors = [Errno.EIO, Errno.EBUSY, Errno.EINVAL, Errno.EROFS];

        /// <summary>Faults inside the guest and around the host's requests.</summary>
        public static Arbitrary<SystemScenario> Faults => Scenarios(Gen.Frequency(
            (6, Time),
            (5, HostOps),
            (4, FaultSteps),
            (2, StormSteps),
            (1, Lifecycle)));

        /// <summary>Malformed rings on a live system.</summary>
        public static Arbitrary<SystemScenario> MalformedRings => Scenarios(Gen.Frequency(
            (5, Time),
            (4, HostOps),
            (3, Malformed),
            (3, RingBytes),
            (1, Lifecycle)));

        /// <summary>A hostile device: requests rewritten in guest memory after the device delivered them.</summary>
        public static Arbitrary<SystemScenario> HostileDevice => Scenarios(Gen.Frequency(
            (5, Time),
            (3, HostOps),
            (5, Tampered),
            (1, FaultSteps)));

        /// <summary>Every family composed.</summary>
        public static Arbitrary<SystemScenario> Everything => Scenarios(Gen.Frequency(
            (6, Time),
            (5, HostOps),
            (3, FaultSteps),
            (1, StormSteps),
            (1, Lifecycle),
            (2, Malformed),
            (2, RingBytes),
            (3, Tampered)));

        private static Gen<SystemStep> Time =>
            Gen.Frequency((4, Gen.Choose(1, 20)), (2, Gen.Choose(20, 200)), (1, Gen.Choose(200, 1500))).Select(static ms => (SystemStep)new Advance(ms));

        private static Gen<SystemStep> HostOps => Gen.Frequency(
            (4, Gen.Frequency((3, Gen.Choose(200, 3000)), (2, Gen.Choose(1, 30))).Select(static d => (SystemStep)new HostFreeze((uint)d))),
            (3, Gen.Constant((SystemStep)new HostThaw())),
            (2, Gen.Constant((SystemStep)new HostStatus())));

        private static Gen<SystemStep> FaultSteps =>
            from kind in Gen.Elements(FaultKind.FreezeFs, FaultKind.Sync, FaultKind.UnfreezeFs)
            from fs in Gen.Choose(0, 2)
            from error in Gen.Elements(Errors)
            from times in Gen.Choose(1, 2)
            select (SystemStep)new ArmFault(kind, fs, error, times);

        private static Gen<SystemStep> StormSteps =>
            from fs in Gen.Choose(0, 2)
            from writers in Gen.Choose(2, 12)
            from writes in Gen.Choose(1, 6)
            select (SystemStep)new WriterStorm(fs, writers, writes);

        private static Gen<SystemStep> Lifecycle => Gen.Elements<SystemStep>(new RemoveDriver(), new ProbeDriver());

        private static Gen<SystemStep> Malformed => Gen.Elements(Enum.GetValues<MalformedCase>()).Select(static c => (SystemStep)new InjectMalformed(c));

        private static Gen<SystemStep> RingBytes => Gen.OneOf(
            from queue in Gen.Choose(0, 1)
            from area in Gen.Choose(0, 2)
            from offset in Gen.Choose(0, 1 << 12)
            from bytes in Bytes(1, 16)
            from notify in Gen.Elements(true, false)
            select (SystemStep)new ScribbleRing(queue, area, offset, bytes, notify),
            from queue in Gen.Choose(0, 1)
            from used in Gen.Elements(true, false)
            from value in Gen.Choose(0, ushort.MaxValue)
            from notify in Gen.Elements(true, false)
            select (SystemStep)new SetRingIndex(queue, used, (ushort)value, notify));

        private static Gen<SystemStep> Tampered =>
            from request in Gen.Elements(RequestType.Freeze, RequestType.Thaw, RequestType.Status)
            from tamper in Gen.Elements(Enum.GetValues<Tamper>())
            from bytes in Gen.OneOf(Bytes(0, 64), ForgedFreeze)
            from value in Gen.Frequency((2, Gen.Choose(0, 8)), (1, Gen.Choose(0, int.MaxValue)))
            select (SystemStep)new TamperedRequest(request, tamper, bytes, (uint)value);

        /// <summary>A FREEZE a hostile device made up: valid framing, any deadline (short ones included), any id.</summary>
        private static Gen<byte[]> ForgedFreeze =>
            from id in Gen.Choose(1, int.MaxValue)
            from deadline in Gen.Frequency((2, Gen.Choose(1, 50)), (1, Gen.Choose(50, 5000)))
            select FsFreeze.Protocol.Requests.FsFreezeRequest.Freeze((uint)id, (uint)deadline, 0, []).ToArray();

        private static Gen<byte[]> Bytes(int min, int max) =>
            from length in Gen.Choose(min, max)
            from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(static b => (byte)b), length)
            select bytes;

        private static Arbitrary<SystemScenario> Scenarios(Gen<SystemStep> step)
        {
            Gen<SystemScenario> gen =
                from seed in Gen.Choose(0, int.MaxValue)
                from driverAtStart in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
                from count in Gen.Choose(4, 24)
                from steps in Gen.ArrayOf(step, count)
                select new SystemScenario((ulong)seed, driverAtStart, driverAtStart ? steps : steps.Take(count / 2).Append(new ProbeDriver()).Concat(steps.Skip(count / 2)).ToArray());
            return Arb.From(gen, Shrink);
        }

        /// <summary>Shrinks by dropping one step at a time (the run's seed and its start stay).</summary>
        private static System.Collections.Generic.IEnumerable<SystemScenario> Shrink(SystemScenario scenario) =>
            Enumerable.Range(0, scenario.Steps.Length).Select(i => scenario with { Steps = scenario.Steps.Where((_, j) => j != i).ToArray() });
    }
}
