using System;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Tests.Memory
{
    /// <summary>
    /// The edges of guest memory: the last byte of a region, the byte after it, empty ranges, empty regions and an
    /// empty address space. FF-RING-12 rests on these answers: a buffer that leaves guest memory is a malformed ring.
    /// </summary>
    public sealed class GuestMemoryBoundaryTests
    {
        private const ulong Start = 0x4000;
        private const int Size = 0x100;

        [Test]
        [Category("FF-RING-12")]
        public void EmptyRange_AtTheEndOfTheOnlyRegion_IsNotGuestMemory()
        {
            GuestMemory memory = GuestMemory.Allocate(Start, Size);

            Assert.That(memory.IsValidRange(Start + Size, 0), Is.False);
            Assert.That(memory.IsValidRange(Start + Size - 1, 0), Is.True);
            Assert.That(memory.IsValidRange(Start, 0), Is.True);
        }

        [Test]
        [Category("FF-RING-12")]
        public void RangeStartingBelowTheRegion_IsNotGuestMemory()
        {
            GuestMemory memory = GuestMemory.Allocate(Start, Size);

            Assert.That(memory.IsValidRange(Start - 0x800, 1), Is.False);
            Assert.That(memory.IsValidRange(Start - 1, 1), Is.False);
            Assert.That(memory.IsValidRange(Start - 1, 2), Is.False);
        }

        [Test]
        [Category("FF-RING-12")]
        public void RangeEndingExactlyAtTheEnd_IsGuestMemory_OneByteMoreIsNot()
        {
            GuestMemory memory = GuestMemory.Allocate(Start, Size);

            Assert.That(memory.IsValidRange(Start + 0x10, Size - 0x10), Is.True);
            Assert.That(memory.IsValidRange(Start + 0x10, Size - 0x10 + 1), Is.False);
        }

        [Test]
        [Category("FF-RING-12")]
        public void RangeAcrossRegions_ThatRunsIntoAHole_IsNotGuestMemory()
        {
            var memory = new GuestMemory(new[]
            {
                new GuestMemoryRegion(0x1000, new byte[0x100]),
                new GuestMemoryRegion(0x1100, new byte[0x100]),
                new GuestMemoryRegion(0x1300, new byte[0x100]),
            });

            Assert.That(memory.IsValidRange(0x1080, 0x180), Is.True, "two adjacent regions, to the last byte of the second");
            Assert.That(memory.IsValidRange(0x1080, 0x181), Is.False, "one byte into the hole");
            Assert.That(memory.TryRead(0x1080, new byte[0x181]), Is.False);
            Assert.That(memory.TryWrite(0x1080, new byte[0x181]), Is.False);
            Assert.That(memory.TryClear(0x1080, 0x181), Is.False);
        }

        [Test]
        [Category("FF-RING-12")]
        public void RegionAtTheTopOfTheAddressSpace_IsUsableToItsLastByte()
        {
            const ulong Top = ulong.MaxValue - 0xff;
            var memory = new GuestMemory(new[]
            {
                new GuestMemoryRegion(0x1000, new byte[0x100]),
                new GuestMemoryRegion(Top, new byte[0x100]),
            });

            Assert.That(memory.IsValidRange(Top, 0x100), Is.True);
            Assert.That(memory.IsValidRange(ulong.MaxValue, 1), Is.True);
            Assert.That(memory.IsValidRange(ulong.MaxValue, 2), Is.False, "wraps the 64-bit space");
            Assert.That(memory.TryWriteUInt16(ulong.MaxValue - 1, 0xBEEF), Is.True);
            Assert.That(memory.TryReadUInt16(ulong.MaxValue - 1, out ushort value), Is.True);
            Assert.That(value, Is.EqualTo(0xBEEF));
        }

        [Test]
        public void EmptyAddressSpace_HasNoValidAddress()
        {
            var memory = new GuestMemory(Array.Empty<GuestMemoryRegion>());

            Assert.That(memory.Regions, Is.Empty);
            Assert.That(memory.IsValidRange(0, 0), Is.False);
            Assert.That(memory.IsValidRange(0, 1), Is.False);
            Assert.That(memory.TryReadUInt32(0, out _), Is.False);
        }

        [Test]
        public void EmptyRegion_AtTheStartOfAnother_IsNotAnOverlap_AndHoldsNothing()
        {
            // An empty region holds no address, so a region starting where it sits does not overlap it.
            var memory = new GuestMemory(new[]
            {
                new GuestMemoryRegion(0x2000, Memory<byte>.Empty),
                new GuestMemoryRegion(0x2000, new byte[0x10]),
            });

            Assert.That(memory.Regions, Has.Count.EqualTo(2));
            Assert.That(memory.IsValidRange(0x2000, 0x10), Is.True);
            Assert.That(memory.IsValidRange(0x2010, 0), Is.False);
        }

        [Test]
        public void Regions_AreSortedByAddress()
        {
            var memory = new GuestMemory(new[]
            {
                new GuestMemoryRegion(0x9000, new byte[0x10]),
                new GuestMemoryRegion(0x1000, new byte[0x10]),
                new GuestMemoryRegion(0x5000, new byte[0x10]),
            });

            Assert.That(memory.Regions, Has.Count.EqualTo(3));
            Assert.That(memory.Regions[0].GuestPhysicalAddress, Is.EqualTo(0x1000ul));
            Assert.That(memory.Regions[1].GuestPhysicalAddress, Is.EqualTo(0x5000ul));
            Assert.That(memory.Regions[2].GuestPhysicalAddress, Is.EqualTo(0x9000ul));
        }

        [Test]
        public void TryGetSpan_OfZeroBytesInside_Succeeds_NegativeLengthFails()
        {
            GuestMemory memory = GuestMemory.Allocate(Start, Size);

            Assert.That(memory.TryGetSpan(Start + 4, 0, out Span<byte> empty), Is.True);
            Assert.That(empty.Length, Is.Zero);
            Assert.That(memory.TryGetSpan(Start, -1, out _), Is.False);
            Assert.That(memory.TryGetSpan(Start + Size - 4, 4, out Span<byte> last), Is.True);
            Assert.That(last.Length, Is.EqualTo(4));
            Assert.That(memory.TryGetSpan(Start + Size - 4, 5, out _), Is.False);
        }

        [Test]
        public void TryGetSpan_IsTheBackingAtTheRightOffset()
        {
            var backing = new byte[Size];
            var memory = new GuestMemory(new[] { new GuestMemoryRegion(Start, backing) });

            Assert.That(memory.TryGetSpan(Start + 0x20, 2, out Span<byte> span), Is.True);
            span[0] = 0xAB;
            span[1] = 0xCD;

            Assert.That(backing[0x20], Is.EqualTo(0xAB));
            Assert.That(backing[0x21], Is.EqualTo(0xCD));
        }

        [Test]
        public void Scalars_AtTheLastBytes_FitOrFail()
        {
            GuestMemory memory = GuestMemory.Allocate(Start, Size);
            const ulong End = Start + Size;

            Assert.That(memory.TryWriteUInt64(End - 8, 0x0102030405060708), Is.True);
            Assert.That(memory.TryReadUInt64(End - 8, out ulong u64), Is.True);
            Assert.That(u64, Is.EqualTo(0x0102030405060708ul));
            Assert.That(memory.TryWriteUInt32(End - 4, 0xA1B2C3D4), Is.True);
            Assert.That(memory.TryReadUInt32(End - 4, out uint u32), Is.True);
            Assert.That(u32, Is.EqualTo(0xA1B2C3D4u));

            Assert.That(memory.TryWriteUInt64(End - 7, 1), Is.False);
            Assert.That(memory.TryWriteUInt32(End - 3, 1), Is.False);
            Assert.That(memory.TryWriteUInt16(End - 1, 1), Is.False);
            Assert.That(memory.TryReadUInt64(End - 7, out u64), Is.False);
            Assert.That(u64, Is.Zero);
            Assert.That(memory.TryReadUInt32(End - 3, out u32), Is.False);
            Assert.That(u32, Is.Zero);
            Assert.That(memory.TryReadUInt16(End - 1, out ushort u16), Is.False);
            Assert.That(u16, Is.Zero);
        }

        [Test]
        public void TryClear_ZeroesExactlyTheRange_AcrossRegions()
        {
            var first = new byte[0x10];
            var second = new byte[0x10];
            Array.Fill(first, (byte)0xFF);
            Array.Fill(second, (byte)0xFF);
            var memory = new GuestMemory(new[] { new GuestMemoryRegion(0x1000, first), new GuestMemoryRegion(0x1010, second) });

            Assert.That(memory.TryClear(0x100C, 8), Is.True);

            Assert.That(first[0x0B], Is.EqualTo(0xFF));
            Assert.That(first[0x0C..], Is.All.Zero);
            Assert.That(second[..4], Is.All.Zero);
            Assert.That(second[4], Is.EqualTo(0xFF));
        }
    }
}
