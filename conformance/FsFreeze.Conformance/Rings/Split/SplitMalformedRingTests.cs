using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.Rings.Split
{
    /// <summary>
    /// Every malformed split ring of the spec's list gets its typed error, and the device end latches it: nothing
    /// is popped, the next pop repeats the error, pushes and interrupts stop (FF-INIT-7 is the transport's half).
    /// </summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.SplitVirtqueues))]
    public sealed class SplitMalformedRingTests
    {
        private const ushort Size = 8;
        private static readonly ulong Indirect = VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc);
        private readonly IVirtqueueImplementation _implementation;

        public SplitMalformedRingTests(IVirtqueueImplementation implementation) => _implementation = implementation;

        private (RingHarness Harness, SplitRingWriter Writer) Raw(ulong features = 0)
        {
            var harness = new RingHarness(_implementation, Size, features, createDriverEnd: false);
            return (harness, new SplitRingWriter(harness.Memory, harness.Config));
        }

        private static void AssertLatched(RingHarness harness, QueueError expected)
        {
            QueueError first = harness.TryPopError(out bool popped);
            Assert.Multiple(() =>
            {
                Assert.That(popped, Is.False, "a malformed chain must not reach the device");
                Assert.That(first, Is.EqualTo(expected));
                Assert.That(harness.Device.Error, Is.EqualTo(expected), "the error is latched");
            });
            QueueError again = harness.TryPopError(out bool poppedAgain);
            Assert.Multiple(() =>
            {
                Assert.That(poppedAgain, Is.False);
                Assert.That(again, Is.EqualTo(expected), "a broken queue stays broken until reset");
                Assert.That(harness.Device.HasAvailable(), Is.False);
                Assert.That(harness.Device.NeedsInterrupt(), Is.False);
            });
        }

        [Test]
        [Requirement("FF-RING-5")]
        public void AvailableIndexJumpingPastQueueSize_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            writer.Descriptor(0, RingHarness.Buffer(0), 16, DescriptorFlags.None);
            writer.AvailIdx(Size + 1);
            AssertLatched(harness, QueueError.AvailableIndexJump);
        }

        [Test]
        [Requirement("FF-RING-5")]
        public void AvailableIndexExactlyQueueSizeAhead_IsAccepted()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            for (int i = 0; i < Size; i++)
            {
                writer.Descriptor(i, RingHarness.Buffer(i), 16, DescriptorFlags.None);
                writer.AvailEntry(i, (ushort)i);
            }

            writer.AvailIdx(Size);
            for (int i = 0; i < Size; i++)
            {
                Assert.That(harness.PopOne(out _).Id, Is.EqualTo(i));
            }
        }

        [Test]
        [Requirement("FF-RING-6")]
        public void HeadIndexAtQueueSize_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            writer.Publish(0, Size);
            AssertLatched(harness, QueueError.HeadIndexOutOfRange);
        }

        [Test]
        [Requirement("FF-RING-7")]
        public void NextIndexAtQueueSize_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            writer.Descriptor(0, RingHarness.Buffer(0), 16, DescriptorFlags.Next, next: Size);
            writer.Publish(0, 0);
            AssertLatched(harness, QueueError.NextIndexOutOfRange);
        }

        [Test]
        [Requirement("FF-RING-8")]
        public void LoopedChain_EndsAsMalformedWithinQueueSizeSteps()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            writer.Descriptor(0, RingHarness.Buffer(0), 16, DescriptorFlags.Next, next: 1);
            writer.Descriptor(1, RingHarness.Buffer(1), 16, DescriptorFlags.Next, next: 0);
            writer.Publish(0, 0);
            AssertLatched(harness, QueueError.ChainLoop);
        }

        [Test]
        [Requirement("FF-RING-8")]
        public void SelfLoopingDescriptor_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            writer.Descriptor(3, RingHarness.Buffer(0), 16, DescriptorFlags.Next, next: 3);
            writer.Publish(0, 3);
            AssertLatched(harness, QueueError.ChainLoop);
        }

        [Test]
        [Requirement("FF-RING-8")]
        public void ChainOfExactlyQueueSizeDescriptors_IsAccepted()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            for (int i = 0; i < Size; i++)
            {
                writer.Descriptor(i, RingHarness.Buffer(i), 16, i + 1 < Size ? DescriptorFlags.Next : DescriptorFlags.None, next: (ushort)(i + 1));
            }

            writer.Publish(0, 0);
            harness.PopOne(out ChainBuffer[] buffers);
            Assert.That(buffers, Has.Length.EqualTo(Size));
        }

        [Test]
        [Requirement("FF-RING-8")]
        public void LoopInsideIndirectTable_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw(Indirect);
            ulong table = RingHarness.IndirectArea;
            writer.DescriptorAt(table, 0, RingHarness.Buffer(0), 16, DescriptorFlags.Next, next: 1);
            writer.DescriptorAt(table, 1, RingHarness.Buffer(1), 16, DescriptorFlags.Next, next: 0);
            writer.Descriptor(0, table, 32, DescriptorFlags.Indirect);
            writer.Publish(0, 0);
            AssertLatched(harness, QueueError.ChainLoop);
        }

        [Test]
        [Requirement("FF-RING-9")]
        public void ReadableAfterWritable_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            writer.Descriptor(0, RingHarness.Buffer(0), 16, DescriptorFlags.Next | DescriptorFlags.Write, next: 1);
            writer.Descriptor(1, RingHarness.Buffer(1), 16, DescriptorFlags.None);
            writer.Publish(0, 0);
            AssertLatched(harness, QueueError.ReadableAfterWritable);
        }

        [TestCase(0u)]
        [TestCase(24u)]
        [TestCase(15u)]
        [Requirement("FF-RING-10")]
        public void IndirectTableLengthZeroOrNotMultipleOf16_IsMalformed(uint length)
        {
            (RingHarness harness, SplitRingWriter writer) = Raw(Indirect);
            writer.DescriptorAt(RingHarness.IndirectArea, 0, RingHarness.Buffer(0), 16, DescriptorFlags.None);
            writer.Descriptor(0, RingHarness.IndirectArea, length, DescriptorFlags.Indirect);
            writer.Publish(0, 0);
            AssertLatched(harness, QueueError.IndirectTableLengthInvalid);
        }

        [Test]
        [Requirement("FF-RING-10")]
        public void NestedIndirect_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw(Indirect);
            ulong outer = RingHarness.IndirectArea;
            ulong inner = RingHarness.IndirectArea + 0x1000;
            writer.DescriptorAt(inner, 0, RingHarness.Buffer(0), 16, DescriptorFlags.None);
            writer.DescriptorAt(outer, 0, inner, 16, DescriptorFlags.Indirect);
            writer.Descriptor(0, outer, 16, DescriptorFlags.Indirect);
            writer.Publish(0, 0);
            AssertLatched(harness, QueueError.NestedIndirect);
        }

        [Test]
        [Requirement("FF-RING-10")]
        public void IndirectWithNext_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw(Indirect);
            writer.DescriptorAt(RingHarness.IndirectArea, 0, RingHarness.Buffer(0), 16, DescriptorFlags.None);
            writer.Descriptor(0, RingHarness.IndirectArea, 16, DescriptorFlags.Indirect | DescriptorFlags.Next, next: 1);
            writer.Descriptor(1, RingHarness.Buffer(1), 16, DescriptorFlags.None);
            writer.Publish(0, 0);
            AssertLatched(harness, QueueError.IndirectWithNext);
        }

        [Test]
        [Requirement("FF-RING-10")]
        public void IndirectWithoutTheFeature_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            writer.DescriptorAt(RingHarness.IndirectArea, 0, RingHarness.Buffer(0), 16, DescriptorFlags.None);
            writer.Descriptor(0, RingHarness.IndirectArea, 16, DescriptorFlags.Indirect);
            writer.Publish(0, 0);
            AssertLatched(harness, QueueError.IndirectNotNegotiated);
        }

        [Test]
        [Requirement("FF-RING-10")]
        public void WriteFlagOnTheIndirectDescriptorItself_IsIgnored()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw(Indirect);
            ulong table = RingHarness.IndirectArea;
            writer.DescriptorAt(table, 0, RingHarness.Buffer(0), 16, DescriptorFlags.Next, next: 1);
            writer.DescriptorAt(table, 1, RingHarness.Buffer(1), 32, DescriptorFlags.Write);
            writer.Descriptor(0, table, 32, DescriptorFlags.Indirect | DescriptorFlags.Write);
            writer.Publish(0, 0);
            harness.PopOne(out ChainBuffer[] buffers);
            Assert.That(buffers, Is.EqualTo(new[] { new ChainBuffer(RingHarness.Buffer(0), 16, false), new ChainBuffer(RingHarness.Buffer(1), 32, true) }));
        }

        [Test]
        [Requirement("FF-RING-8")]
        public void IndirectTableLongerThanQueueSize_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw(Indirect);
            ulong table = RingHarness.IndirectArea;
            int entries = Size + 1;
            for (int i = 0; i < entries; i++)
            {
                writer.DescriptorAt(table, i, RingHarness.Buffer(i), 16, i + 1 < entries ? DescriptorFlags.Next : DescriptorFlags.None, (ushort)(i + 1));
            }

            writer.Descriptor(0, table, (uint)(entries * 16), DescriptorFlags.Indirect);
            writer.Publish(0, 0);
            AssertLatched(harness, QueueError.ChainTooLong);
        }

        [Test]
        [Requirement("FF-RING-11")]
        public void ZeroLengthBuffer_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            writer.Descriptor(0, RingHarness.Buffer(0), 0, DescriptorFlags.None);
            writer.Publish(0, 0);
            AssertLatched(harness, QueueError.ZeroLengthBuffer);
        }

        [Test]
        [Requirement("FF-RING-12")]
        public void BufferBeyondGuestMemory_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            writer.Descriptor(0, RingHarness.MemoryBase + RingHarness.MemorySize - 8, 16, DescriptorFlags.None);
            writer.Publish(0, 0);
            AssertLatched(harness, QueueError.BufferOutsideGuestMemory);
        }

        [Test]
        [Requirement("FF-RING-12")]
        public void BufferBelowGuestMemory_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            writer.Descriptor(0, 0x100, 16, DescriptorFlags.None);
            writer.Publish(0, 0);
            AssertLatched(harness, QueueError.BufferOutsideGuestMemory);
        }

        [Test]
        [Requirement("FF-RING-12")]
        public void BufferWhoseRangeWrapsThe64BitSpace_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            writer.Descriptor(0, ulong.MaxValue - 7, 64, DescriptorFlags.None);
            writer.Publish(0, 0);
            AssertLatched(harness, QueueError.BufferOutsideGuestMemory);
        }

        [Test]
        [Requirement("FF-RING-12")]
        public void IndirectTableOutsideGuestMemory_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw(Indirect);
            writer.Descriptor(0, 0xdead_0000_0000, 32, DescriptorFlags.Indirect);
            writer.Publish(0, 0);
            AssertLatched(harness, QueueError.BufferOutsideGuestMemory);
        }

        [Test]
        [Requirement("FF-RING-14")]
        public void MoreChainsInFlightThanQueueSize_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            for (int i = 0; i < Size; i++)
            {
                writer.Descriptor(i, RingHarness.Buffer(i), 16, DescriptorFlags.None);
                writer.Publish((ushort)i, (ushort)i);
                harness.PopOne(out _);
            }

            writer.Publish(Size, 0);
            AssertLatched(harness, QueueError.TooManyInFlight);
        }

        [Test]
        [Requirement("FF-RING-14")]
        public void HeadMadeAvailableWhileStillHeld_IsMalformed()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            writer.Descriptor(2, RingHarness.Buffer(0), 16, DescriptorFlags.None);
            writer.Publish(0, 2);
            harness.PopOne(out _);
            writer.Publish(1, 2);
            AssertLatched(harness, QueueError.HeadAlreadyInFlight);
        }

        [Test]
        [Requirement("FF-RING-14")]
        public void PushOfAChainNotHeld_IsRefusedWithoutTouchingTheUsedRing()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            QueueError error = harness.Device.PushUsed(new ChainToken(1, 1, 16), 0);
            Assert.Multiple(() =>
            {
                Assert.That(error, Is.EqualTo(QueueError.UsedHeadNotInFlight));
                Assert.That(writer.ReadUsedIdx(), Is.Zero);
            });
        }

        [Test]
        [Requirement("FF-RING-15")]
        public void PushWithLengthBeyondWritableSpace_IsRefused()
        {
            (RingHarness harness, SplitRingWriter writer) = Raw();
            writer.Descriptor(0, RingHarness.Buffer(0), 16, DescriptorFlags.Write);
            writer.Publish(0, 0);
            ChainToken token = harness.PopOne(out _);
            Assert.Multiple(() =>
            {
                Assert.That(harness.Device.PushUsed(token, 17), Is.EqualTo(QueueError.UsedLengthTooLarge));
                Assert.That(writer.ReadUsedIdx(), Is.Zero);
                Assert.That(harness.Device.PushUsed(token, 16), Is.EqualTo(QueueError.None));
                Assert.That(writer.ReadUsedIdx(), Is.EqualTo(1));
            });
        }

        [Test]
        [Requirement("FF-RING-13")]
        public void ChainOf4GiBOrMore_IsMalformed()
        {
            // Three 1.5 GiB buffers total 4.5 GiB. Guest memory maps one 256 MiB array at 24 adjacent addresses,
            // so the buffers are valid memory and only their total is wrong.
            const int slice = 256 << 20;
            byte[] backing = new byte[slice];
            var regions = new System.Collections.Generic.List<GuestMemoryRegion> { new(RingHarness.MemoryBase, new byte[RingHarness.MemorySize]) };
            ulong big = 0x1_0000_0000;
            for (int i = 0; i < 24; i++)
            {
                regions.Add(new GuestMemoryRegion(big + ((ulong)i * slice), backing));
            }

            var memory = new GuestMemory(regions);
            var config = new QueueConfiguration(Size, RingHarness.DescriptorArea, RingHarness.DescriptorArea + 0x1000, RingHarness.DescriptorArea + 0x2000, 0);
            Assert.That(_implementation.CreateDeviceEnd(memory, config, out IDeviceQueue? device), Is.EqualTo(QueueError.None));
            var writer = new SplitRingWriter(memory, config);
            const uint length = 0x6000_0000;
            writer.Descriptor(0, big, length, DescriptorFlags.Next, 1);
            writer.Descriptor(1, big, length, DescriptorFlags.Next, 2);
            writer.Descriptor(2, big, length, DescriptorFlags.None);
            writer.Publish(0, 0);
            var storage = new ChainBuffer[Size];
            Assert.Multiple(() =>
            {
                Assert.That(device!.TryPop(storage, out _, out QueueError error), Is.False);
                Assert.That(error, Is.EqualTo(QueueError.ChainLengthOverflow));
            });
        }
    }
}
