using System;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Adapters.Plugins;
using FsFreeze.Conformance.Rings;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.SelfChecks
{
    /// <summary>
    /// IUT=assembly:PATH:TYPE loads an outside .NET implementation, through <see cref="Implementations.Resolve(string)"/>
    /// so the process-wide setting stays as it is. The samples under conformance/samples/ are built with the
    /// solution; this project cannot reference them (they reference it), so it finds their output by path.
    /// </summary>
    public sealed class AssemblyImplementationTests
    {
        private const string ExternalRing = "FsFreeze.Conformance.Samples.ExternalRing";
        private const string LoaderFaults = "FsFreeze.Conformance.Samples.LoaderFaults";

        [Test]
        public void RelativePath_YieldsAWorkingVirtqueue_WhoseInterfacesAreTheSuites()
        {
            ResolvedImplementation resolved = Implementations.Resolve($"assembly:{SampleRelativePath(ExternalRing)}:{ExternalRing}.ExternalSplitRing");
            Assert.That(resolved.Error, Is.Null, resolved.Error);
            IVirtqueueImplementation ring = resolved.Of<IVirtqueueImplementation>().Single();
            Assert.Multiple(() =>
            {
                Assert.That(ring.Name, Is.EqualTo("external-split"));
                Assert.That(ring.IsPacked, Is.False);
                Assert.That(ring, Is.InstanceOf<IResumableVirtqueueImplementation>());
                Assert.That(AssemblyLoadContext.GetLoadContext(ring.GetType().Assembly), Is.Not.SameAs(AssemblyLoadContext.Default), "loaded in a context of its own");
                Assert.That(resolved.Of<IDeviceImplementation>(), Is.Empty, "offered only for the roles it implements");
            });

            // One request through both ends of the plugged-in ring: add, pop, push used, reclaim.
            var harness = new RingHarness(ring, size: 8, features: 0);
            var readable = new[] { new BufferSpec(RingHarness.Buffer(0), 64) };
            var writable = new[] { new BufferSpec(RingHarness.Buffer(1), 32) };
            Assert.That(harness.Driver.TryAdd(readable, writable, token: 7, useIndirect: false, out _), Is.EqualTo(QueueError.None));
            ChainToken chain = harness.PopOne(out ChainBuffer[] buffers);
            Assert.That(buffers, Has.Length.EqualTo(2));
            Assert.That(harness.Device.PushUsed(chain, 16), Is.EqualTo(QueueError.None));
            Assert.That(harness.Driver.TryReclaim(out UsedBuffer used, out QueueError error), Is.True, error.ToString());
            Assert.Multiple(() =>
            {
                Assert.That(used.Token, Is.EqualTo(7UL));
                Assert.That(used.Length, Is.EqualTo(16U));
            });
        }

        [Test]
        public void AbsolutePath_LoadsTheSameImplementation()
        {
            string path = Path.Combine(Implementations.RepositoryRoot(), SampleRelativePath(ExternalRing));
            ResolvedImplementation resolved = Implementations.Resolve($"assembly:{path}:{ExternalRing}.ExternalSplitRing");
            Assert.That(resolved.Error, Is.Null, resolved.Error);
            Assert.That(resolved.Of<IVirtqueueImplementation>().Select(r => r.Name), Is.EqualTo(new[] { "external-split" }));
        }

        [Test]
        public void MissingFile_FailsNamingThePath()
        {
            ResolvedImplementation resolved = Implementations.Resolve("assembly:no/such/Plugin.dll:No.Such.Type");
            Assert.That(resolved.Error, Does.Contain("no assembly at").And.Contain(Path.Combine("no", "such", "Plugin.dll")));
            Assert.That(resolved.Components, Is.Empty);
        }

        [Test]
        public void FileThatIsNotAnAssembly_FailsSayingSo()
        {
            ResolvedImplementation resolved = Implementations.Resolve("assembly:spec/requirements.json:Some.Type");
            Assert.That(resolved.Error, Does.Contain("cannot load").And.Contain("BadImageFormatException"));
        }

        [Test]
        public void MissingType_FailsNamingTheTypeAndTheAdaptersThere()
        {
            ResolvedImplementation resolved = Implementations.Resolve($"assembly:{SampleRelativePath(ExternalRing)}:{ExternalRing}.NoSuchRing");
            Assert.That(resolved.Error, Does.Contain($"type {ExternalRing}.NoSuchRing not found").And.Contain($"{ExternalRing}.ExternalSplitRing"));
        }

        [Test]
        public void TypeImplementingNoAdapter_FailsNamingTheInterfaces()
        {
            ResolvedImplementation resolved = Implementations.Resolve($"assembly:{SampleRelativePath(LoaderFaults)}:{LoaderFaults}.NotAnAdapter");
            Assert.That(resolved.Error, Does.Contain("implements none of the adapter interfaces").And.Contain(nameof(IVirtqueueImplementation)));
        }

        [Test]
        public void ThrowingConstructor_FailsWithItsException()
        {
            ResolvedImplementation resolved = Implementations.Resolve($"assembly:{SampleRelativePath(LoaderFaults)}:{LoaderFaults}.ThrowingRing");
            Assert.That(resolved.Error, Does.Contain("constructor").And.Contain("InvalidOperationException").And.Contain("refuses to be constructed"));
        }

        [TestCase("assembly:")]
        [TestCase("assembly:Plugin.dll")]
        [TestCase("assembly:Plugin.dll:")]
        public void Malformed_FailsShowingTheSyntax(string iut)
        {
            Assert.That(Implementations.Resolve(iut).Error, Does.Contain("malformed").And.Contain(AssemblyImplementation.Syntax));
        }

        [Test]
        public void UnknownName_FailsAndReferenceOffersEveryRole()
        {
            ResolvedImplementation reference = Implementations.Resolve(Implementations.DefaultName);
            Assert.Multiple(() =>
            {
                Assert.That(Implementations.Resolve("no-such-iut").Error, Does.Contain("unknown IUT 'no-such-iut'"));
                Assert.That(reference.Error, Is.Null);
                Assert.That(reference.Of<IVirtqueueImplementation>().Count(), Is.EqualTo(2));
                Assert.That(reference.Of<IMmioTransportImplementation>().Count(), Is.EqualTo(1));
                Assert.That(reference.Of<IDeviceImplementation>().Count(), Is.EqualTo(1));
                Assert.That(reference.Of<IDriverImplementation>().Count(), Is.EqualTo(1));
            });
        }

        /// <summary>
        /// The sample's .dll relative to the repository root, in this test assembly's configuration (bin/CONFIG/TFM/).
        /// Ignored, not failed, when only this project was built (the samples build with the solution).
        /// </summary>
        private static string SampleRelativePath(string project)
        {
            var testDirectory = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
            string framework = testDirectory.Name;
            string configuration = testDirectory.Parent!.Name;
            string relative = Path.Combine("conformance", "samples", project, "bin", configuration, framework, project + ".dll");
            if (!File.Exists(Path.Combine(Implementations.RepositoryRoot(), relative)))
            {
                Assert.Ignore($"{relative} is not built; build FsFreeze.sln (the samples are not referenced by this project)");
            }

            return relative;
        }
    }
}
