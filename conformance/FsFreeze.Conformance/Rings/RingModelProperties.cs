using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Common;

namespace FsFreeze.Conformance.Rings
{
    /// <summary>
    /// Random operation sequences against the list model of <see cref="RingModelRun"/>, for every ring format the
    /// implementation under test offers, with and without EVENT_IDX and INDIRECT_DESC.
    /// </summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.Virtqueues))]
    public sealed class RingModelProperties
    {
        private readonly IVirtqueueImplementation _implementation;

        public RingModelProperties(IVirtqueueImplementation implementation) => _implementation = implementation;

        /// <summary>Queue sizes tried: powers of two for the split ring, and odd sizes too for the packed one.</summary>
        private ushort[] Sizes => _implementation.IsPacked ? new ushort[] { 1, 2, 3, 5, 8, 13, 256 } : new ushort[] { 1, 2, 4, 8, 16, 256 };

        [Test]
        [Requirement("FF-RING-3")]
        [Requirement("FF-RING-4")]
        [Requirement("FF-RING-14")]
        [Requirement("FF-RING-15")]
        [Requirement("FF-RING-17")]
        [Requirement("FF-RING-18")]
        [Requirement("FF-RING-20")]
        [Requirement("FF-RING-22")]
        [Requirement("FF-RING-23")]
        [Requirement("FF-RING-24")]
        public void RandomOperationSequences_MatchTheListModel()
        {
            ushort[] sizes = Sizes;
            Gen<int> sizeIndex = Gen.Choose(0, sizes.Length - 1);
            Gen<int> featureSet = Gen.Choose(0, 3);
            Arbitrary<uint[]> operations = ArbMap.Default.ArbFor<uint[]>();
            Property property = Prop.ForAll(Arb.From(sizeIndex), Arb.From(featureSet), operations, (s, f, ops) =>
            {
                ulong features = (f & 1) != 0 ? VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx) : 0;
                features |= (f & 2) != 0 ? VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc) : 0;
                var run = new RingModelRun(_implementation, sizes[s], features);
                foreach (uint op in ops)
                {
                    run.Apply(op);
                }

                run.Drain();
            });
            Seeds.Check(property, 300);
        }

        [Test]
        [Requirement("FF-RING-3")]
        [Requirement("FF-RING-22")]
        public void IndicesAndWrapCountersSurviveManyLaps([Values(false, true)] bool eventIdx)
        {
            // 70,000 chains wrap the free-running 16-bit indices past 65535 (and lap the packed ring thousands of
            // times); batches of varying length exercise every slot position at the wrap.
            ulong features = eventIdx ? VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx) : 0;
            foreach (ushort size in _implementation.IsPacked ? new ushort[] { 3, 7 } : new ushort[] { 4, 8 })
            {
                var run = new RingModelRun(_implementation, size, features);
                int chains = 0;
                int batch = 1;
                while (chains < 70_000)
                {
                    for (int i = 0; i < batch; i++)
                    {
                        run.Apply(0);
                    }

                    for (int i = 0; i < batch; i++)
                    {
                        run.Apply(3);
                        run.Apply(5);
                        run.Apply(7);
                    }

                    chains += batch;
                    batch = (batch % size) + 1;
                }

                run.Drain();
                Assert.That(run.Completions, Has.Count.GreaterThanOrEqualTo(70_000));
            }
        }
    }
}
