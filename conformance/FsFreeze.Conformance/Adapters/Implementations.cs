using System;
using System.Collections.Generic;

namespace FsFreeze.Conformance.Adapters
{
    /// <summary>
    /// The implementations the suite can be pointed at, chosen by the IUT setting: the NUnit run parameter
    /// <c>IUT</c>, else the environment variable <c>FSFREEZE_IUT</c>, else "reference".
    /// </summary>
    public static class Implementations
    {
        /// <summary>Name of the run parameter and (upper-cased with a prefix) of the environment variable.</summary>
        public const string ParameterName = "IUT";

        /// <summary>The environment variable consulted when no run parameter is given.</summary>
        public const string EnvironmentVariable = "FSFREEZE_IUT";

        /// <summary>The implementation chosen when nothing is said.</summary>
        public const string DefaultName = "reference";

        /// <summary>The IUT setting in force for this run.</summary>
        public static string Selected
        {
            get
            {
                string? fromParameter = TestContext.Parameters.Get(ParameterName);
                if (!string.IsNullOrWhiteSpace(fromParameter))
                {
                    return fromParameter!;
                }

                string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
                return string.IsNullOrWhiteSpace(fromEnvironment) ? DefaultName : fromEnvironment!;
            }
        }

        /// <summary>The virtqueue implementations for the selected IUT: one per ring format it offers.</summary>
        public static IEnumerable<IVirtqueueImplementation> Virtqueues()
        {
            string selected = Selected;
            if (string.Equals(selected, DefaultName, StringComparison.Ordinal))
            {
                yield return new ReferenceSplitRing();
                yield return new ReferencePackedRing();
            }
        }

        /// <summary>The split-ring implementations of the selected IUT (a fixture source).</summary>
        public static IEnumerable<IVirtqueueImplementation> SplitVirtqueues()
        {
            foreach (IVirtqueueImplementation implementation in Virtqueues())
            {
                if (!implementation.IsPacked)
                {
                    yield return implementation;
                }
            }
        }

        /// <summary>The packed-ring implementations of the selected IUT (a fixture source).</summary>
        public static IEnumerable<IVirtqueueImplementation> PackedVirtqueues()
        {
            foreach (IVirtqueueImplementation implementation in Virtqueues())
            {
                if (implementation.IsPacked)
                {
                    yield return implementation;
                }
            }
        }

        /// <summary>The fsfreeze driver implementations of the selected IUT (a fixture source).</summary>
        public static IEnumerable<IDriverImplementation> Drivers()
        {
            if (string.Equals(Selected, DefaultName, StringComparison.Ordinal))
            {
                yield return new ReferenceDriver();
            }
        }

        /// <summary>The virtio-fsfreeze device implementations of the selected IUT (a fixture source).</summary>
        public static IEnumerable<IDeviceImplementation> Devices()
        {
            if (string.Equals(Selected, DefaultName, StringComparison.Ordinal))
            {
                yield return new ReferenceFsFreezeDevice();
            }
        }
    }
}
