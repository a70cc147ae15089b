using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Conformance.KnownBad;
using FsFreeze.Conformance.Reporting;

namespace FsFreeze.Conformance.SelfChecks
{
    /// <summary>
    /// The known-bad catalog is consistent, so <c>fsfreeze-conformance --self-check</c> can trust it: names unique,
    /// expected IDs defined by spec/ and checked by some test, each entry selectable by its IUT name.
    /// </summary>
    public sealed class KnownBadCatalogTests
    {
        private static IEnumerable<KnownBadImplementation> Entries => Implementations.KnownBad;

        [Test]
        public void Catalog_HasAtLeastTwelveEntries_WithUniqueNames()
        {
            var names = Implementations.KnownBad.Select(k => k.Name).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(names, Has.Count.GreaterThanOrEqualTo(12));
                Assert.That(names, Is.Unique);
                Assert.That(names, Has.None.StartsWith(KnownBadImplementation.Prefix), "the bad: prefix is added, not stored");
                Assert.That(Implementations.Selectable.Select(s => s.Name), Is.Unique.And.Contains(Implementations.DefaultName));
            });
        }

        [TestCaseSource(nameof(Entries))]
        public void ExpectedFailures_AreLiveRequirementsOfSpec(KnownBadImplementation entry)
        {
            RequirementIndex index = RequirementIndex.Load(RepositoryFiles.PathOf("spec"));
            Assert.That(entry.ExpectedFailures, Is.Not.Empty.And.Unique);
            foreach (string id in entry.ExpectedFailures)
            {
                Requirement? requirement = index.Find(id);
                Assert.That(requirement, Is.Not.Null, $"{entry.Name} expects {id} to fail, but spec/ does not define it");
                Assert.That(requirement!.Retired, Is.False, $"{entry.Name} expects retired {id} to fail");
            }
        }

        [TestCaseSource(nameof(Entries))]
        public void ExpectedFailures_AreNamedBySomeTest(KnownBadImplementation entry)
        {
            // The self-check filters on these categories; an ID no test names would select nothing and read as a pass.
            HashSet<string> named = typeof(KnownBadCatalogTests).Assembly.GetTypes()
                .SelectMany(t => t.GetMethods().Cast<MemberInfo>().Append(t))
                .SelectMany(m => m.GetCustomAttributes<RequirementAttribute>(inherit: false))
                .Select(a => a.Id)
                .ToHashSet(StringComparer.Ordinal);
            Assert.That(entry.ExpectedFailures, Is.SubsetOf(named));
        }

        [TestCaseSource(nameof(Entries))]
        public void IutName_ResolvesToExactlyTheOneBrokenComponent(KnownBadImplementation entry)
        {
            string iut = entry.IutName;
            var offered = new List<object>();
            offered.AddRange(Implementations.Resolve<IVirtqueueImplementation>(iut, Unexpected<IVirtqueueImplementation>));
            offered.AddRange(Implementations.Resolve<IMmioTransportImplementation>(iut, Unexpected<IMmioTransportImplementation>));
            offered.AddRange(Implementations.Resolve<IDeviceImplementation>(iut, Unexpected<IDeviceImplementation>));
            offered.AddRange(Implementations.Resolve<IDriverImplementation>(iut, Unexpected<IDriverImplementation>));
            Assert.Multiple(() =>
            {
                Assert.That(Implementations.FindKnownBad(iut), Is.SameAs(entry));
                Assert.That(offered, Has.Count.EqualTo(1), "a known-bad offers the one component it breaks");
                Assert.That(offered[0].GetType().Namespace, Is.EqualTo(typeof(KnownBadCatalog).Namespace));
            });
        }

        [Test]
        public void Reference_OffersNoKnownBad_AndUnknownNamesOfferNothing()
        {
            var reference = Implementations.Resolve<IVirtqueueImplementation>(Implementations.DefaultName, () => new IVirtqueueImplementation[] { new ReferenceSplitRing() }).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(reference, Has.Count.EqualTo(1).And.All.InstanceOf<ReferenceSplitRing>());
                Assert.That(Implementations.Resolve<IVirtqueueImplementation>("bad:no-such-thing", Unexpected<IVirtqueueImplementation>), Is.Empty);
                Assert.That(Implementations.FindKnownBad(Implementations.DefaultName), Is.Null);
            });
        }

        private static IEnumerable<T> Unexpected<T>() => throw new AssertionException("a known-bad name fell back to the reference");
    }
}
