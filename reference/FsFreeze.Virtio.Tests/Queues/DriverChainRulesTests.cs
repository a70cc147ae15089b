using System;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Tests.Queues.Packed;
using FsFreeze.Virtio.Tests.Queues.Split;

namespace FsFreeze.Virtio.Tests.Queues
{
    /// <summary>The chains both driver ends refuse to build (DriverChainRules), so a device never sees them.</summary>
    public sealed class DriverChainRulesTests
    {
        private static readonly BufferSpec[] Huge = { new(SplitPair.Buffer(0), 0x8000_0000u), new(SplitPair.Buffer(1), 0x8000_0000u) };

        [Test]
        [Category("FF-RING-13")]
        public void ChainsOf4GiBOrMore_AreRefusedByBothDriverEnds()
        {
            var split = new SplitPair(4);
            var packed = new PackedPair(4);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(split.Driver.TryAdd(Huge, default, 0, false, out _), Is.EqualTo(QueueError.InvalidChain));
                Assert.That(packed.Driver.TryAdd(Huge.AsSpan(0, 1), Huge.AsSpan(1), 0, false, out _), Is.EqualTo(QueueError.InvalidChain));
                Assert.That(split.Driver.FreeCount, Is.EqualTo(4), "nothing written");
                Assert.That(split.Driver.TryAdd(new BufferSpec[] { new(SplitPair.Buffer(0), 0x8000_0000u), new(SplitPair.Buffer(1), 0x7fff_ffffu) }, default, 0, false, out _), Is.EqualTo(QueueError.None), "2^32 - 1 bytes fit");
            }
        }

        [Test]
        [Category("FF-RING-8")]
        public void EmptyAndOverlongChains_AreRefused()
        {
            var split = new SplitPair(2);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(split.Driver.TryAdd(default, default, 0, false, out _), Is.EqualTo(QueueError.InvalidChain));
                Assert.That(split.Driver.TryAdd(SplitPair.Buffers(0, 3, 8), default, 0, false, out _), Is.EqualTo(QueueError.InvalidChain));
                Assert.That(split.Driver.InFlightCount, Is.Zero);
            }
        }

        [Test]
        [Category("FF-RING-10")]
        public void IndirectChainsLongerThanTheTable_AreRefused()
        {
            var split = new SplitPair(8, VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc), indirectEntries: 2);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(split.Driver.TryAdd(SplitPair.Buffers(0, 3, 8), default, 0, true, out _), Is.EqualTo(QueueError.InvalidChain));
                Assert.That(split.Driver.TryAdd(SplitPair.Buffers(0, 2, 8), default, 0, true, out _), Is.EqualTo(QueueError.None));
            }
        }
    }
}
