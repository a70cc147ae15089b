using System;
using System.Collections.Generic;
using System.Linq;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// One deliberately broken implementation the suite must reject: the suite checks itself by running the
    /// requirements it breaks and expecting each verdict to be FAIL.
    /// </summary>
    /// <param name="Name">Short name; the IUT setting selects it as <c>bad:Name</c>.</param>
    /// <param name="Description">The one bug, in a sentence.</param>
    /// <param name="ExpectedFailures">Requirement IDs whose verdict must be FAIL against it.</param>
    /// <param name="Create">
    /// Builds the implementation: an <see cref="Adapters.IVirtqueueImplementation"/>, an
    /// <see cref="Adapters.IMmioTransportImplementation"/>, an <see cref="Adapters.IDeviceImplementation"/> or an
    /// <see cref="Adapters.IDriverImplementation"/>.
    /// </param>
    public sealed record KnownBadImplementation(string Name, string Description, IReadOnlyList<string> ExpectedFailures, Func<object> Create)
    {
        /// <summary>The prefix of a known-bad IUT name.</summary>
        public const string Prefix = "bad:";

        /// <summary>The IUT setting that selects it.</summary>
        public string IutName => Prefix + Name;

        /// <summary>The <c>dotnet test</c> filter that runs only the tests of <see cref="ExpectedFailures"/>.</summary>
        public string Filter => string.Join('|', ExpectedFailures.Select(id => "TestCategory=" + id));
    }
}
