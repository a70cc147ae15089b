using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Queues;
using static FsFreeze.Conformance.Rings.Packed.PackedRingScribe;

namespace FsFreeze.Conformance.Rings.Packed
{
    /// <summary>
    /// The driver end of a packed ring against a device that breaks the rules: every used descriptor is checked
    /// before it is trusted (FF-RING-16), with the same errors as the split driver end.
    /// </summary>
    [TestFixtureSource(typeof(PackedRingScribe), nameof(PackedImplementations))]
    public sealed class PackedUsedRefusalTests
    {
        private const ushort QueueSize = 8;
        private readonly IVirtqueueImplementation _implementation;

        /// <summary>Runs the fixture against <paramref name="implementation"/>.</summary>
        public PackedUsedRefusalTests(IVirtqueueImplementation implementation) => _implementation = implementation;

        private RingHarness DriverOnly() => new(_implementation, QueueSize, 0, createDeviceEnd: false);

        private static ushort AddOne(RingHarness harness, uint writable, ulong token)
        {
            BufferSpec[] readable = { new(RingHarness.Buffer(0), 32) };
            BufferSpec[] writableBuffers = { new(RingHarness.Buffer(1), writable) };
            Assert.That(harness.Driver.TryAdd(readable, writableBuffers, token, false, out ushort id), Is.EqualTo(QueueError.None));
            return id;
        }

        /// <summary>A used Buffer ID at or above Queue Size is refused with UsedIdOutOfRange and trusts nothing.</summary>
        [Test]
        [Requirement("FF-RING-16")]
        public void UsedIdOutOfRangeIsRefused()
        {
            RingHarness harness = DriverOnly();
            AddOne(harness, 64, 11);
            WriteUsed(harness.Memory, 0, QueueSize, 16);
            bool reclaimed = harness.Driver.TryReclaim(out _, out QueueError error);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(reclaimed, Is.False);
                Assert.That(error, Is.EqualTo(QueueError.UsedIdOutOfRange));
                Assert.That(harness.Driver.InFlightCount, Is.EqualTo(1), "the real chain stays in flight");
                Assert.That(harness.Driver.FreeCount, Is.EqualTo(QueueSize - 2), "nothing is freed");
            }
        }

        /// <summary>A used Buffer ID that names no chain in flight is refused with UsedIdNotInFlight.</summary>
        [Test]
        [Requirement("FF-RING-16")]
        public void UsedIdNotInFlightIsRefused()
        {
            RingHarness harness = DriverOnly();
            ushort id = AddOne(harness, 64, 11);
            WriteUsed(harness.Memory, 0, (ushort)(id + 1), 16);
            bool reclaimed = harness.Driver.TryReclaim(out _, out QueueError error);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(reclaimed, Is.False);
                Assert.That(error, Is.EqualTo(QueueError.UsedIdNotInFlight));
                Assert.That(harness.Driver.InFlightCount, Is.EqualTo(1), "the real chain stays in flight");
            }
        }

        /// <summary>
        /// A used length above the chain's writable space is refused with UsedLengthTooLarge; the chain is freed and
        /// reported with length 0 and its token.
        /// </summary>
        [Test]
        [Requirement("FF-RING-16")]
        [Requirement("FF-RING-15")]
        public void UsedLengthTooLargeIsRefused()
        {
            RingHarness harness = DriverOnly();
            ushort id = AddOne(harness, 64, 11);
            WriteUsed(harness.Memory, 0, id, 65);
            bool reclaimed = harness.Driver.TryReclaim(out UsedBuffer used, out QueueError error);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(reclaimed, Is.False);
                Assert.That(error, Is.EqualTo(QueueError.UsedLengthTooLarge));
                Assert.That(used.Id, Is.EqualTo(id));
                Assert.That(used.Token, Is.EqualTo(11UL));
                Assert.That(used.Length, Is.Zero, "the refused length is never passed on");
                Assert.That(harness.Driver.InFlightCount, Is.Zero);
                Assert.That(harness.Driver.FreeCount, Is.EqualTo(QueueSize), "both slots come back");
            }
        }

        /// <summary>A used descriptor where nothing was made available is UsedIndexJump, and reclaim stops.</summary>
        [Test]
        [Requirement("FF-RING-16")]
        public void UsedDescriptorWithNothingInFlightIsRefused()
        {
            RingHarness harness = DriverOnly();
            WriteUsed(harness.Memory, 0, 0, 16);
            bool reclaimed = harness.Driver.TryReclaim(out _, out QueueError error);
            bool reclaimedAgain = harness.Driver.TryReclaim(out _, out QueueError again);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(reclaimed, Is.False);
                Assert.That(error, Is.EqualTo(QueueError.UsedIndexJump));
                Assert.That(reclaimedAgain, Is.False);
                Assert.That(again, Is.EqualTo(QueueError.UsedIndexJump));
            }
        }

        /// <summary>
        /// The slots skipped after a used descriptor are the driver's own count for the chain, never the device's:
        /// a chain of 3 is reclaimed from one used descriptor and the next used one is expected 3 slots on.
        /// </summary>
        [Test]
        [Requirement("FF-RING-23")]
        [Requirement("FF-RING-16")]
        public void UsedDescriptorSkipsTheChainsSlots()
        {
            RingHarness harness = DriverOnly();
            BufferSpec[] readable = { new(RingHarness.Buffer(0), 32), new(RingHarness.Buffer(1), 32) };
            BufferSpec[] writable = { new(RingHarness.Buffer(2), 64) };
            Assert.That(harness.Driver.TryAdd(readable, writable, 1, false, out ushort first), Is.EqualTo(QueueError.None));
            ushort second = AddOne(harness, 64, 2);
            WriteUsed(harness.Memory, 0, first, 10);
            WriteUsed(harness.Memory, 3, second, 20);
            bool firstReclaimed = harness.Driver.TryReclaim(out UsedBuffer a, out QueueError firstError);
            bool secondReclaimed = harness.Driver.TryReclaim(out UsedBuffer b, out QueueError secondError);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(firstReclaimed, Is.True, firstError.ToString());
                Assert.That(secondReclaimed, Is.True, secondError.ToString());
                Assert.That((a.Id, a.Length, a.Token), Is.EqualTo((first, 10u, 1UL)));
                Assert.That((b.Id, b.Length, b.Token), Is.EqualTo((second, 20u, 2UL)));
                Assert.That(harness.Driver.FreeCount, Is.EqualTo(QueueSize));
            }
        }

        /// <summary>A used descriptor without WRITE carries no valid length: the driver reports 0 ("Element Length is reserved").</summary>
        [Test]
        [Requirement("FF-RING-23")]
        public void UsedLengthWithoutWriteFlagIsIgnored()
        {
            RingHarness harness = DriverOnly();
            ushort id = AddOne(harness, 64, 5);
            WriteUsed(harness.Memory, 0, id, 1000, writeFlag: false);
            bool reclaimed = harness.Driver.TryReclaim(out UsedBuffer used, out QueueError error);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(reclaimed, Is.True, error.ToString());
                Assert.That(used.Length, Is.Zero);
            }
        }
    }
}
