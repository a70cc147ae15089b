using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// FsCheck generators of hostile-device runs (<see cref="DeviceScenario"/>): valid requests with short and long
    /// deadlines, random request bytes and forged FREEZEs, replays of old requests, configuration changes and
    /// DEVICE_NEEDS_RESET at any point (in the middle of a freeze included), a device that vanishes and comes back,
    /// and guest writers, interleaved with virtual time. Scenarios shrink by dropping steps.
    /// </summary>
    public static class DeviceGenerators
    {
        /// <summary>Hostile-device scenarios.</summary>
        public static Arbitrary<DeviceScenario> Scenarios
        {
            get
            {
                Gen<DeviceStep> step = Gen.Frequency(
                    (5, Gen.Frequency((3, Gen.Choose(1, 20)), (1, Gen.Choose(20, 400))).Select(static ms => (DeviceStep)new DeviceAdvance(ms))),
                    (5, from kind in Gen.Choose(0, 2)
                        from deadline in Gen.Frequency((2, Gen.Choose(1, 30)), (1, Gen.Choose(30, 600)))
                        select (DeviceStep)new DeviceRequest(kind, (uint)deadline)),
                    (2, Gen.OneOf(Bytes, ForgedFreeze).Select(static b => (DeviceStep)new DeviceBytes(b))),
                    (2, Gen.Choose(0, 100).Select(static p => (DeviceStep)new DeviceReplay(p))),
                    (1, from size in Gen.Elements(0u, 15u, 16u, 8192u, 70_000u)
                        from entries in Gen.Elements(0u, 4u, 64u, 5000u)
                        from deadline in Gen.Elements(0u, 1u, 600_000u)
                        select (DeviceStep)new DeviceConfigChange(size, entries, deadline)),
                    (1, Gen.Constant((DeviceStep)new DeviceBreak())),
                    (1, Gen.Elements(true, false).Select(static v => (DeviceStep)new DeviceVanish(v))),
                    (1, from mount in Gen.Choose(0, 2)
                        from writers in Gen.Choose(1, 8)
                        select (DeviceStep)new DeviceWriters(mount, writers)));
                Gen<DeviceScenario> gen =
                    from seed in Gen.Choose(0, int.MaxValue)
                    from offered in Gen.Choose(0, (int)FsFreezeFeature.KnownMask)
                    from count in Gen.Choose(4, 30)
                    from steps in Gen.ArrayOf(step, count)
                    select new DeviceScenario((ulong)seed, (ulong)offered, steps);
                return Arb.From(gen, Shrink);
            }
        }

        private static Gen<byte[]> Bytes =>
            from length in Gen.Choose(0, 64)
            from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(static b => (byte)b), length)
            select bytes;

        private static Gen<byte[]> ForgedFreeze =>
            from id in Gen.Choose(0, 50)
            from deadline in Gen.Choose(0, 300)
            select FsFreezeRequest.Freeze((uint)id, (uint)deadline, 0, []).ToArray();

        private static IEnumerable<DeviceScenario> Shrink(DeviceScenario scenario) =>
            Enumerable.Range(0, scenario.Steps.Length).Select(i => scenario with { Steps = scenario.Steps.Where((_, j) => j != i).ToArray() });
    }
}
