using System;
using System.Collections.Generic;
using FsFreeze.Fuzz.Targets;

namespace FsFreeze.Fuzz
{
    /// <summary>
    /// Every fuzz target by name. The names are the folder names under fuzz/corpus and fuzz/regressions and the
    /// values of FUZZ_TARGET, so the script, the fuzzer and the regression tests agree on one list.
    /// </summary>
    public static class FuzzTargets
    {
        /// <summary>Target names in the order the script runs them.</summary>
        public static IReadOnlyList<string> Names { get; } = new[] { "device-queue", "driver-queue", "protocol", "mmio" };

        /// <summary>The target method called <paramref name="name"/>, or null.</summary>
        public static Action<byte[]>? Find(string name) => name switch
        {
            "device-queue" => DeviceQueueTarget.Run,
            "driver-queue" => DriverQueueTarget.Run,
            "protocol" => ProtocolTarget.Run,
            "mmio" => MmioTarget.Run,
            _ => null,
        };
    }
}
