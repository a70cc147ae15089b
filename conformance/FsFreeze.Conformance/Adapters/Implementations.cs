using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FsFreeze.Conformance.Adapters.KernelDriver;
using FsFreeze.Conformance.Adapters.Plugins;
using FsFreeze.Conformance.Adapters.VhostUser;
using FsFreeze.Conformance.KnownBad;

namespace FsFreeze.Conformance.Adapters
{
    /// <summary>
    /// The implementations the suite can be pointed at, chosen by the IUT setting: the NUnit run parameter
    /// <c>IUT</c>, else the environment variable <c>FSFREEZE_IUT</c>, else "reference". <c>bad:NAME</c> selects a
    /// known-bad implementation of <see cref="KnownBad"/> (only the one component it breaks is offered).
    /// <c>assembly:PATH:TYPE</c> loads a .NET implementation from a built assembly (see
    /// <see cref="AssemblyImplementation"/>); it is offered for every adapter interface its type implements.
    /// <c>vhost-user:SOCKET</c> drives a device back-end in another process over vhost-user, and
    /// <c>vhost-user-spawn</c> starts the reference back-end program for that (see <see cref="VhostUserDeviceImplementation"/>);
    /// both offer only the device role, so ring, transport and driver tests read NOT SUPPORTED. <c>uml</c> and
    /// <c>uml:MODULE.ko</c> offer only a driver in a real kernel (see <see cref="UmlKernelDriver"/>), checked by the
    /// kernel-driver scenarios.
    /// </summary>
    public static class Implementations
    {
        /// <summary>Name of the run parameter and (upper-cased with a prefix) of the environment variable.</summary>
        public const string ParameterName = "IUT";

        /// <summary>The environment variable consulted when no run parameter is given.</summary>
        public const string EnvironmentVariable = "FSFREEZE_IUT";

        /// <summary>The implementation chosen when nothing is said.</summary>
        public const string DefaultName = "reference";

        /// <summary>What "reference" is, for listings.</summary>
        public const string DefaultDescription = "the reference implementation (rings, MMIO transport, device, driver)";

        /// <summary>The deliberately broken implementations the suite must reject (names without the bad: prefix).</summary>
        public static IReadOnlyList<KnownBadImplementation> KnownBad => KnownBadCatalog.All;

        /// <summary>Every selectable IUT name with its description: "reference", then each bad:NAME.</summary>
        public static IReadOnlyList<(string Name, string Description)> Selectable =>
            new[] { (DefaultName, DefaultDescription), (VhostUserDeviceImplementation.Syntax, VhostUserDeviceImplementation.Description), (BackendProcess.IutName, BackendProcess.Description), (UmlKernelDriver.Syntax, UmlKernelDriver.Description) }
                .Concat(KnownBad.Select(k => (k.IutName, k.Description))).ToList();

        /// <summary>The known-bad <paramref name="iutName"/> selects, or null.</summary>
        public static KnownBadImplementation? FindKnownBad(string iutName) =>
            KnownBad.FirstOrDefault(k => string.Equals(k.IutName, iutName, StringComparison.Ordinal));

        /// <summary>How the <c>assembly:</c> form reads, for listings.</summary>
        public const string AssemblyDescription = "a .NET implementation loaded from a built assembly (path absolute or relative to the repository root)";

        /// <summary>The components <paramref name="iutName"/> offers of type <typeparamref name="T"/>, reference ones from <paramref name="reference"/>.</summary>
        public static IEnumerable<T> Resolve<T>(string iutName, Func<IEnumerable<T>> reference)
        {
            ArgumentNullException.ThrowIfNull(reference);
            return string.Equals(iutName, DefaultName, StringComparison.Ordinal) ? reference() : Resolve(iutName).Of<T>();
        }

        /// <summary>
        /// What the IUT setting <paramref name="iut"/> offers, or why it offers nothing. The fixture sources below
        /// take their components from here; <c>SelectedIutTests</c> turns an <see cref="ResolvedImplementation.Error"/>
        /// into one failing test instead of an empty run.
        /// </summary>
        public static ResolvedImplementation Resolve(string iut)
        {
            ArgumentNullException.ThrowIfNull(iut);
            if (string.Equals(iut, DefaultName, StringComparison.Ordinal))
            {
                return ResolvedImplementation.Offering(iut, new object[]
                {
                    new ReferenceSplitRing(), new ReferencePackedRing(), new ReferenceMmioTransport(), new ReferenceFsFreezeDevice(), new ReferenceDriver(),
                });
            }

            if (AssemblyImplementation.Matches(iut))
            {
                return AssemblyImplementation.Resolve(iut, RepositoryRoot());
            }

            if (iut.StartsWith(VhostUserDeviceImplementation.Prefix, StringComparison.Ordinal))
            {
                return iut.Length > VhostUserDeviceImplementation.Prefix.Length
                    ? ResolvedImplementation.Offering(iut, new object[] { VhostUserDeviceImplementation.Parse(iut[VhostUserDeviceImplementation.Prefix.Length..]) })
                    : ResolvedImplementation.Failed(iut, $"expected {VhostUserDeviceImplementation.Syntax}");
            }

            if (string.Equals(iut, BackendProcess.IutName, StringComparison.Ordinal))
            {
                return ResolvedImplementation.Offering(iut, new object[] { new SpawnedVhostUserDevice(RepositoryRoot()) });
            }

            if (UmlKernelDriver.Matches(iut))
            {
                return ResolvedImplementation.Offering(iut, new object[] { UmlKernelDriver.Parse(iut, RepositoryRoot()) });
            }

            // A known-bad offers only the component it breaks, so nothing else is tested under its name.
            KnownBadImplementation? bad = FindKnownBad(iut);
            return bad is not null
                ? ResolvedImplementation.Offering(iut, new[] { bad.Create() })
                : ResolvedImplementation.Failed(iut, $"unknown IUT '{iut}': expected {DefaultName}, bad:NAME, {AssemblyImplementation.Syntax}, {VhostUserDeviceImplementation.Syntax}, {BackendProcess.IutName} or {UmlKernelDriver.Syntax} (fsfreeze-conformance --iut list)");
        }

        /// <summary>
        /// The tests worth running for an IUT that offers a single role outside the suite's process, as a
        /// <c>dotnet test</c> filter; null runs everything. A kernel driver (<c>uml</c>) is checked by the kernel-driver
        /// scenarios alone: every other test would only read NOT SUPPORTED, after building nothing of use.
        /// </summary>
        public static string? RoleFilter(ResolvedImplementation resolved)
        {
            ArgumentNullException.ThrowIfNull(resolved);
            return resolved.Components.Count > 0 && resolved.Components.All(c => c is IKernelDriverImplementation)
                ? "FullyQualifiedName~FsFreeze.Conformance.KernelDriver|FullyQualifiedName~SelectedIutTests"
                : null;
        }

        /// <summary>
        /// The folder relative <c>assembly:</c> paths start from: the one holding FsFreeze.sln above the working
        /// directory or the test assembly, else the working directory (a suite run outside the repository).
        /// </summary>
        public static string RepositoryRoot()
        {
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "FsFreeze.sln")))
                    {
                        return dir.FullName;
                    }
                }
            }

            return Directory.GetCurrentDirectory();
        }

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
        public static IEnumerable<IVirtqueueImplementation> Virtqueues() =>
            Resolve(Selected).Of<IVirtqueueImplementation>();

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
        public static IEnumerable<IDriverImplementation> Drivers() =>
            Resolve(Selected).Of<IDriverImplementation>();

        /// <summary>The virtio-fsfreeze device implementations of the selected IUT (a fixture source).</summary>
        public static IEnumerable<IDeviceImplementation> Devices() =>
            Resolve(Selected).Of<IDeviceImplementation>();

        /// <summary>The vhost-user back-ends of the selected IUT (a fixture source; empty unless the IUT is one).</summary>
        public static IEnumerable<IVhostUserBackend> VhostUserBackends() =>
            Resolve(Selected).Of<IVhostUserBackend>();

        /// <summary>The drivers in a real kernel of the selected IUT (a fixture source; empty unless the IUT is uml or uml:MODULE.ko).</summary>
        public static IEnumerable<IKernelDriverImplementation> KernelDrivers() =>
            Resolve(Selected).Of<IKernelDriverImplementation>();

        /// <summary>The virtio-mmio transport implementations of the selected IUT.</summary>
        public static IEnumerable<IMmioTransportImplementation> MmioTransports() =>
            Resolve(Selected).Of<IMmioTransportImplementation>();

        /// <summary>
        /// The selected IUT's driver, for properties that build one per case; the test is ignored when the IUT offers
        /// none (a ring-only IUT then reads NOT SUPPORTED for the driver requirements, not FAIL).
        /// </summary>
        public static IDriverImplementation Driver() =>
            Drivers().FirstOrDefault() ?? throw new IgnoreException($"IUT {Selected} offers no fsfreeze driver");

        /// <summary>
        /// The selected IUT's virtio-mmio transport, for benches that build one per test; the test is ignored when
        /// the IUT offers none (its verdicts then read NOT SUPPORTED, not FAIL).
        /// </summary>
        public static IMmioTransportImplementation MmioTransport() =>
            MmioTransports().FirstOrDefault() ?? throw new IgnoreException($"IUT {Selected} offers no virtio-mmio transport");
    }
}
