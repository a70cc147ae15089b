using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues;
using static FsFreeze.Conformance.Rings.Packed.PackedRingScribe;

namespace FsFreeze.Conformance.Rings.Packed
{
    /// <summary>
    /// The device end of a packed ring against a driver that breaks the rules: each malformed chain is refused
    /// with the same error the split ring gives (FF-RING-25), and the queue stays broken afterwards.
    /// </summary>
    [TestFixtureSource(typeof(PackedRingScribe), nameof(PackedImplementations))]
    public sealed class PackedMalformedChainTests
    {
        private const ushort QueueSize = 8;
        private static readonly ulong Indirect = VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc);
        private readonly IVirtqueueImplementation _implementation;

        /// <summary>Runs the fixture against <paramref name="implementation"/>.</summary>
        public PackedMalformedChainTests(IVirtqueueImplementation implementation) => _implementation = implementation;

        private RingHarness DeviceOnly(ulong features = 0, ushort size = QueueSize) =>
            new(_implementation, size, features, createDriverEnd: false);

        /// <summary>A chain whose NEXT runs through every slot (longer than Queue Size) is ChainLoop.</summary>
        [Test]
        [Requirement("FF-RING-25")]
        [Requirement("FF-RING-8")]
        public void ChainLongerThanQueueSizeIsChainLoop()
        {
            // Every slot says NEXT: the chain would come back to its own first slot.
            RingHarness harness = DeviceOnly(size: 4);
            for (int slot = 0; slot < 4; slot++)
            {
                WriteAvailable(harness.Memory, slot, RingHarness.Buffer(slot), 64, 0, DescriptorFlags.Next);
            }

            AssertLatched(harness, QueueError.ChainLoop);
        }

        /// <summary>A readable descriptor after a writable one is ReadableAfterWritable.</summary>
        [Test]
        [Requirement("FF-RING-25")]
        [Requirement("FF-RING-9")]
        public void ReadableAfterWritableIsRefused()
        {
            RingHarness harness = DeviceOnly();
            WriteAvailable(harness.Memory, 1, RingHarness.Buffer(1), 64, 7, DescriptorFlags.None);
            WriteAvailable(harness.Memory, 0, RingHarness.Buffer(0), 64, 7, DescriptorFlags.Write | DescriptorFlags.Next);
            AssertLatched(harness, QueueError.ReadableAfterWritable);
        }

        /// <summary>A zero-length buffer is ZeroLengthBuffer.</summary>
        [Test]
        [Requirement("FF-RING-25")]
        [Requirement("FF-RING-11")]
        public void ZeroLengthBufferIsRefused()
        {
            RingHarness harness = DeviceOnly();
            WriteAvailable(harness.Memory, 0, RingHarness.Buffer(0), 0, 0, DescriptorFlags.None);
            AssertLatched(harness, QueueError.ZeroLengthBuffer);
        }

        /// <summary>A buffer leaving guest memory is BufferOutsideGuestMemory.</summary>
        [Test]
        [Requirement("FF-RING-25")]
        [Requirement("FF-RING-12")]
        public void BufferOutsideGuestMemoryIsRefused()
        {
            RingHarness harness = DeviceOnly();
            ulong end = RingHarness.MemoryBase + RingHarness.MemorySize;
            WriteAvailable(harness.Memory, 0, end - 32, 64, 0, DescriptorFlags.None);
            AssertLatched(harness, QueueError.BufferOutsideGuestMemory);
        }

        /// <summary>A buffer whose range wraps the 64-bit space is BufferOutsideGuestMemory.</summary>
        [Test]
        [Requirement("FF-RING-25")]
        [Requirement("FF-RING-12")]
        public void BufferAddressOverflowing64BitsIsRefused()
        {
            RingHarness harness = DeviceOnly();
            WriteAvailable(harness.Memory, 0, ulong.MaxValue - 15, 64, 0, DescriptorFlags.None);
            AssertLatched(harness, QueueError.BufferOutsideGuestMemory);
        }

        /// <summary>INDIRECT without VIRTIO_F_INDIRECT_DESC is IndirectNotNegotiated.</summary>
        [Test]
        [Requirement("FF-RING-25")]
        [Requirement("FF-RING-10")]
        public void IndirectNotNegotiatedIsRefused()
        {
            RingHarness harness = DeviceOnly();
            WriteTableEntry(harness.Memory, RingHarness.IndirectArea, 0, RingHarness.Buffer(0), 64, DescriptorFlags.None);
            WriteAvailable(harness.Memory, 0, RingHarness.IndirectArea, 16, 0, DescriptorFlags.Indirect);
            AssertLatched(harness, QueueError.IndirectNotNegotiated);
        }

        /// <summary>INDIRECT inside an indirect table is NestedIndirect.</summary>
        [Test]
        [Requirement("FF-RING-25")]
        [Requirement("FF-RING-10")]
        public void NestedIndirectIsRefused()
        {
            RingHarness harness = DeviceOnly(Indirect);
            ulong inner = RingHarness.IndirectArea + 4096;
            WriteTableEntry(harness.Memory, inner, 0, RingHarness.Buffer(1), 64, DescriptorFlags.None);
            WriteTableEntry(harness.Memory, RingHarness.IndirectArea, 0, RingHarness.Buffer(0), 64, DescriptorFlags.None);
            WriteTableEntry(harness.Memory, RingHarness.IndirectArea, 1, inner, 16, DescriptorFlags.Indirect);
            WriteAvailable(harness.Memory, 0, RingHarness.IndirectArea, 32, 0, DescriptorFlags.Indirect);
            AssertLatched(harness, QueueError.NestedIndirect);
        }

        /// <summary>INDIRECT together with NEXT is IndirectWithNext.</summary>
        [Test]
        [Requirement("FF-RING-25")]
        [Requirement("FF-RING-10")]
        public void IndirectWithNextIsRefused()
        {
            RingHarness harness = DeviceOnly(Indirect);
            WriteTableEntry(harness.Memory, RingHarness.IndirectArea, 0, RingHarness.Buffer(0), 64, DescriptorFlags.None);
            WriteAvailable(harness.Memory, 1, RingHarness.Buffer(1), 64, 0, DescriptorFlags.Write);
            WriteAvailable(harness.Memory, 0, RingHarness.IndirectArea, 16, 0, DescriptorFlags.Indirect | DescriptorFlags.Next);
            AssertLatched(harness, QueueError.IndirectWithNext);
        }

        /// <summary>INDIRECT on a descriptor reached through NEXT is IndirectWithNext.</summary>
        [Test]
        [Requirement("FF-RING-25")]
        [Requirement("FF-RING-10")]
        public void IndirectInsideNextChainIsRefused()
        {
            // "A driver MUST NOT write direct descriptors with VIRTQ_DESC_F_INDIRECT set in a scatter-gather list
            // linked by VIRTQ_DESC_F_NEXT" (virtio 1.4 "Indirect Flag: Scatter-Gather Support").
            RingHarness harness = DeviceOnly(Indirect);
            WriteTableEntry(harness.Memory, RingHarness.IndirectArea, 0, RingHarness.Buffer(1), 64, DescriptorFlags.Write);
            WriteAvailable(harness.Memory, 1, RingHarness.IndirectArea, 16, 0, DescriptorFlags.Indirect);
            WriteAvailable(harness.Memory, 0, RingHarness.Buffer(0), 64, 0, DescriptorFlags.Next);
            AssertLatched(harness, QueueError.IndirectWithNext);
        }

        /// <summary>An indirect table of length 0 is IndirectTableLengthInvalid.</summary>
        [Test]
        [Requirement("FF-RING-25")]
        [Requirement("FF-RING-10")]
        public void IndirectLengthZeroIsRefused()
        {
            RingHarness harness = DeviceOnly(Indirect);
            WriteAvailable(harness.Memory, 0, RingHarness.IndirectArea, 0, 0, DescriptorFlags.Indirect);
            AssertLatched(harness, QueueError.IndirectTableLengthInvalid);
        }

        /// <summary>An indirect table length that is not a multiple of 16 is IndirectTableLengthInvalid.</summary>
        [Test]
        [Requirement("FF-RING-25")]
        [Requirement("FF-RING-10")]
        public void IndirectLengthNotMultipleOf16IsRefused()
        {
            RingHarness harness = DeviceOnly(Indirect);
            WriteTableEntry(harness.Memory, RingHarness.IndirectArea, 0, RingHarness.Buffer(0), 64, DescriptorFlags.None);
            WriteTableEntry(harness.Memory, RingHarness.IndirectArea, 1, RingHarness.Buffer(1), 64, DescriptorFlags.Write);
            WriteAvailable(harness.Memory, 0, RingHarness.IndirectArea, 24, 0, DescriptorFlags.Indirect);
            AssertLatched(harness, QueueError.IndirectTableLengthInvalid);
        }

        /// <summary>An indirect table with more entries than Queue Size is ChainTooLong.</summary>
        [Test]
        [Requirement("FF-RING-25")]
        [Requirement("FF-RING-8")]
        public void IndirectTableLongerThanQueueSizeIsChainTooLong()
        {
            RingHarness harness = DeviceOnly(Indirect, size: 4);
            for (int i = 0; i < 5; i++)
            {
                WriteTableEntry(harness.Memory, RingHarness.IndirectArea, i, RingHarness.Buffer(i), 64, DescriptorFlags.None);
            }

            WriteAvailable(harness.Memory, 0, RingHarness.IndirectArea, 5 * 16, 0, DescriptorFlags.Indirect);
            AssertLatched(harness, QueueError.ChainTooLong);
        }

        /// <summary>An indirect table leaving guest memory is BufferOutsideGuestMemory.</summary>
        [Test]
        [Requirement("FF-RING-25")]
        [Requirement("FF-RING-12")]
        public void IndirectTableOutsideGuestMemoryIsRefused()
        {
            RingHarness harness = DeviceOnly(Indirect);
            ulong end = RingHarness.MemoryBase + RingHarness.MemorySize;
            WriteAvailable(harness.Memory, 0, end - 16, 32, 0, DescriptorFlags.Indirect);
            AssertLatched(harness, QueueError.BufferOutsideGuestMemory);
        }

        /// <summary>A zero-length entry of an indirect table is ZeroLengthBuffer.</summary>
        [Test]
        [Requirement("FF-RING-25")]
        [Requirement("FF-RING-11")]
        public void ZeroLengthBufferInsideIndirectTableIsRefused()
        {
            RingHarness harness = DeviceOnly(Indirect);
            WriteTableEntry(harness.Memory, RingHarness.IndirectArea, 0, RingHarness.Buffer(0), 64, DescriptorFlags.None);
            WriteTableEntry(harness.Memory, RingHarness.IndirectArea, 1, RingHarness.Buffer(1), 0, DescriptorFlags.Write);
            WriteAvailable(harness.Memory, 0, RingHarness.IndirectArea, 32, 0, DescriptorFlags.Indirect);
            AssertLatched(harness, QueueError.ZeroLengthBuffer);
        }

        /// <summary>A readable entry after a writable one in an indirect table is ReadableAfterWritable.</summary>
        [Test]
        [Requirement("FF-RING-25")]
        [Requirement("FF-RING-9")]
        public void ReadableAfterWritableInsideIndirectTableIsRefused()
        {
            RingHarness harness = DeviceOnly(Indirect);
            WriteTableEntry(harness.Memory, RingHarness.IndirectArea, 0, RingHarness.Buffer(0), 64, DescriptorFlags.Write);
            WriteTableEntry(harness.Memory, RingHarness.IndirectArea, 1, RingHarness.Buffer(1), 64, DescriptorFlags.None);
            WriteAvailable(harness.Memory, 0, RingHarness.IndirectArea, 32, 0, DescriptorFlags.Indirect);
            AssertLatched(harness, QueueError.ReadableAfterWritable);
        }

        /// <summary>A Buffer ID made available while the device holds it is HeadAlreadyInFlight.</summary>
        [Test]
        [Requirement("FF-RING-14")]
        public void BufferIdAlreadyInFlightIsRefused()
        {
            RingHarness harness = DeviceOnly();
            WriteAvailable(harness.Memory, 0, RingHarness.Buffer(0), 64, 5, DescriptorFlags.None);
            WriteAvailable(harness.Memory, 1, RingHarness.Buffer(1), 64, 5, DescriptorFlags.None);
            harness.PopOne(out _);
            AssertLatched(harness, QueueError.HeadAlreadyInFlight);
        }

        /// <summary>A descriptor made available while the device holds every slot is TooManyInFlight.</summary>
        [Test]
        [Requirement("FF-RING-14")]
        [Requirement("FF-RING-22")]
        public void MoreThanQueueSizeInFlightIsRefused()
        {
            // The device holds every slot; the driver then makes slot 0 available again, in the next lap.
            RingHarness harness = DeviceOnly(size: 3);
            for (int slot = 0; slot < 3; slot++)
            {
                WriteAvailable(harness.Memory, slot, RingHarness.Buffer(slot), 64, (ushort)slot, DescriptorFlags.None);
            }

            for (int slot = 0; slot < 3; slot++)
            {
                harness.PopOne(out _);
            }

            WriteAvailable(harness.Memory, 0, RingHarness.Buffer(3), 64, 3, DescriptorFlags.None, wrap: false);
            AssertLatched(harness, QueueError.TooManyInFlight);
        }
    }
}
