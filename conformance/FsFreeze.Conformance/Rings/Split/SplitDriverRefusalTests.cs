using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.Rings.Split
{
    /// <summary>
    /// The suite plays a hostile device against the driver end under test: used elements it never posted, lengths
    /// it never offered, a used index that runs ahead. The driver refuses each one and keeps its books straight.
    /// </summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.SplitVirtqueues))]
    public sealed class SplitDriverRefusalTests
    {
        private const ushort Size = 8;
        private readonly IVirtqueueImplementation _implementation;

        public SplitDriverRefusalTests(IVirtqueueImplementation implementation) => _implementation = implementation;

        private (RingHarness Harness, SplitRingWriter Writer, ushort Head) WithOneChainInFlight()
        {
            var harness = new RingHarness(_implementation, Size, 0, createDeviceEnd: false);
            var writer = new SplitRingWriter(harness.Memory, harness.Config);
            BufferSpec[] writable = { new(RingHarness.Buffer(0), 64) };
            Assert.That(harness.Driver.TryAdd(default, writable, 77, false, out ushort head), Is.EqualTo(QueueError.None));
            return (harness, writer, head);
        }

        [Test]
        [Requirement("FF-RING-16")]
        public void UsedIdAtQueueSize_IsRefused()
        {
            (RingHarness harness, SplitRingWriter writer, _) = WithOneChainInFlight();
            writer.UsedElement(0, Size, 4);
            writer.UsedIdx(1);
            Assert.Multiple(() =>
            {
                Assert.That(harness.Driver.TryReclaim(out _, out QueueError error), Is.False);
                Assert.That(error, Is.EqualTo(QueueError.UsedIdOutOfRange));
                Assert.That(harness.Driver.InFlightCount, Is.EqualTo(1), "the real chain is still in flight");
            });
        }

        [Test]
        [Requirement("FF-RING-16")]
        public void UsedIdNotInFlight_IsRefused()
        {
            (RingHarness harness, SplitRingWriter writer, ushort head) = WithOneChainInFlight();
            ushort other = (ushort)((head + 3) % Size);
            writer.UsedElement(0, other, 4);
            writer.UsedIdx(1);
            Assert.Multiple(() =>
            {
                Assert.That(harness.Driver.TryReclaim(out _, out QueueError error), Is.False);
                Assert.That(error, Is.EqualTo(QueueError.UsedIdNotInFlight));
                Assert.That(harness.Driver.InFlightCount, Is.EqualTo(1));
                Assert.That(harness.Driver.FreeCount, Is.EqualTo(Size - 1), "no descriptor is freed for a bogus id");
            });
        }

        [Test]
        [Requirement("FF-RING-16")]
        public void UsedIdCompletedTwice_SecondIsRefused()
        {
            (RingHarness harness, SplitRingWriter writer, ushort head) = WithOneChainInFlight();

            // A second chain in flight keeps the index-jump check quiet, so the duplicate itself is examined.
            Assert.That(harness.Driver.TryAdd(default, new BufferSpec[] { new(RingHarness.Buffer(1), 8) }, 78, false, out ushort second), Is.EqualTo(QueueError.None));
            Assert.That(second, Is.Not.EqualTo(head));
            writer.UsedElement(0, head, 4);
            writer.UsedElement(1, head, 4);
            writer.UsedIdx(2);
            Assert.That(harness.Driver.TryReclaim(out UsedBuffer used, out _), Is.True);
            Assert.That(used.Token, Is.EqualTo(77));
            Assert.Multiple(() =>
            {
                Assert.That(harness.Driver.TryReclaim(out _, out QueueError error), Is.False);
                Assert.That(error, Is.EqualTo(QueueError.UsedIdNotInFlight));
                Assert.That(harness.Driver.InFlightCount, Is.EqualTo(1), "the second chain is still in flight");
            });
        }

        [Test]
        [Requirement("FF-RING-16")]
        public void UsedLengthBeyondWritableSpace_IsRefusedButTheChainIsReturned()
        {
            (RingHarness harness, SplitRingWriter writer, ushort head) = WithOneChainInFlight();
            writer.UsedElement(0, head, 65);
            writer.UsedIdx(1);
            Assert.Multiple(() =>
            {
                Assert.That(harness.Driver.TryReclaim(out UsedBuffer used, out QueueError error), Is.False);
                Assert.That(error, Is.EqualTo(QueueError.UsedLengthTooLarge));
                Assert.That(used.Token, Is.EqualTo(77), "the caller learns which chain came back");
                Assert.That(used.Length, Is.Zero, "the bogus length is never passed on");
                Assert.That(harness.Driver.FreeCount, Is.EqualTo(Size), "the device gave the descriptors back");
            });
        }

        [Test]
        [Requirement("FF-RING-16")]
        public void UsedIndexRunningAheadOfInFlight_IsRefused()
        {
            (RingHarness harness, SplitRingWriter writer, ushort head) = WithOneChainInFlight();
            writer.UsedElement(0, head, 4);
            writer.UsedIdx(2);
            Assert.Multiple(() =>
            {
                Assert.That(harness.Driver.TryReclaim(out _, out QueueError error), Is.False);
                Assert.That(error, Is.EqualTo(QueueError.UsedIndexJump));
                Assert.That(harness.Driver.HasUsed(), Is.False, "nothing after the jump is trusted");
            });
        }

        [Test]
        [Requirement("FF-RING-16")]
        public void DescriptorTableScribbledByDevice_DoesNotCorruptTheFreeList()
        {
            var harness = new RingHarness(_implementation, Size, 0);
            var writer = new SplitRingWriter(harness.Memory, harness.Config);
            BufferSpec[] three = { new(RingHarness.Buffer(0), 8), new(RingHarness.Buffer(1), 8), new(RingHarness.Buffer(2), 8) };
            Assert.That(harness.Driver.TryAdd(three, default, 1, false, out ushort head), Is.EqualTo(QueueError.None));
            ChainToken token = harness.PopOne(out _);

            // A hostile device rewrites the chain's next fields (it MUST NOT write the table) before using it.
            for (int i = 0; i < Size; i++)
            {
                writer.Descriptor(i, 0, 0, Virtio.Queues.DescriptorFlags.Next, next: (ushort)i);
            }

            Assert.That(harness.Device.PushUsed(token, 0), Is.EqualTo(QueueError.None));
            Assert.That(harness.Driver.TryReclaim(out UsedBuffer used, out _), Is.True);
            Assert.Multiple(() =>
            {
                Assert.That(used.Id, Is.EqualTo(head));
                Assert.That(harness.Driver.FreeCount, Is.EqualTo(Size));
            });

            // Every descriptor can still be handed out exactly once.
            for (int i = 0; i < Size; i++)
            {
                Assert.That(harness.Driver.TryAdd(new BufferSpec[] { new(RingHarness.Buffer(i), 8) }, default, (ulong)i, false, out _), Is.EqualTo(QueueError.None));
            }

            Assert.That(harness.Driver.TryAdd(new BufferSpec[] { new(RingHarness.Buffer(0), 8) }, default, 99, false, out _), Is.EqualTo(QueueError.QueueFull));
        }
    }
}
