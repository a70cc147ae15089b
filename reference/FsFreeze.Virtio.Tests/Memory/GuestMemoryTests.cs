using System;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Tests.Memory
{
    public sealed class GuestMemoryTests
    {
        private static GuestMemory TwoAdjacentRegionsAndAHole() => new(new[]
        {
            new GuestMemoryRegion(0x1000, new byte[0x1000]),
            new GuestMemoryRegion(0x2000, new byte[0x1000]),
            new GuestMemoryRegion(0x8000, new byte[0x100]),
        });

        [Test]
        public void OverlappingRegions_AreRejected()
        {
            Assert.That(
                () => new GuestMemory(new[] { new GuestMemoryRegion(0x1000, new byte[0x1000]), new GuestMemoryRegion(0x1fff, new byte[16]) }),
                Throws.ArgumentException);
        }

        [Test]
        public void RegionWrappingTheAddressSpace_IsRejected() =>
            Assert.That(() => new GuestMemoryRegion(ulong.MaxValue - 2, new byte[4]), Throws.ArgumentException);

        [TestCase(0x1000ul, 0x2000ul, true)]
        [TestCase(0x1ff0ul, 0x20ul, true)]
        [TestCase(0x2ff0ul, 0x20ul, false)]
        [TestCase(0x0ffful, 2ul, false)]
        [TestCase(0x8000ul, 0x100ul, true)]
        [TestCase(0x8000ul, 0x101ul, false)]
        [TestCase(0x3000ul, 0ul, false)]
        [TestCase(0x1000ul, 0ul, true)]
        [TestCase(ulong.MaxValue, 2ul, false)]
        [TestCase(0x1000ul, ulong.MaxValue, false)]
        public void IsValidRange_FollowsTheRegions(ulong address, ulong length, bool valid) =>
            Assert.That(TwoAdjacentRegionsAndAHole().IsValidRange(address, length), Is.EqualTo(valid));

        [Test]
        public void ReadAndWrite_CrossAdjacentRegions()
        {
            GuestMemory memory = TwoAdjacentRegionsAndAHole();
            byte[] data = { 1, 2, 3, 4, 5, 6, 7, 8 };
            Assert.That(memory.TryWrite(0x1ffc, data), Is.True);
            var back = new byte[8];
            Assert.That(memory.TryRead(0x1ffc, back), Is.True);
            Assert.That(back, Is.EqualTo(data));
            Assert.That(memory.TryGetSpan(0x1ffc, 8, out _), Is.False, "a span never crosses regions");
        }

        [Test]
        public void AccessOutsideMemory_FailsWithoutTouchingAnything()
        {
            GuestMemory memory = TwoAdjacentRegionsAndAHole();
            var buffer = new byte[16];
            buffer.AsSpan().Fill(0xAA);
            Assert.Multiple(() =>
            {
                Assert.That(memory.TryRead(0x2ff8, buffer), Is.False);
                Assert.That(buffer, Is.All.EqualTo(0xAA), "a failed read consumes nothing");
                Assert.That(memory.TryWrite(0x2ff8, buffer), Is.False);
                Assert.That(memory.TryReadUInt64(0x2ff9, out ulong value), Is.False);
                Assert.That(value, Is.Zero);
                Assert.That(memory.TryWriteUInt32(0x7ffe, 1), Is.False);
                Assert.That(memory.TryClear(0x2f00, 0x200), Is.False);
            });
            var check = new byte[8];
            Assert.That(memory.TryRead(0x2ff8, check), Is.True);
            Assert.That(check, Is.All.Zero, "a failed write wrote nothing");
        }

        [Test]
        public void Scalars_AreLittleEndian()
        {
            GuestMemory memory = GuestMemory.Allocate(0x1000, 64);
            Assert.That(memory.TryWriteUInt64(0x1000, 0x0102030405060708), Is.True);
            Assert.That(memory.TryWriteUInt32(0x1008, 0x0a0b0c0d), Is.True);
            Assert.That(memory.TryWriteUInt16(0x100c, 0x1122), Is.True);
            var bytes = new byte[14];
            Assert.That(memory.TryRead(0x1000, bytes), Is.True);
            Assert.That(Convert.ToHexString(bytes), Is.EqualTo("0807060504030201" + "0D0C0B0A" + "2211"));
            Assert.Multiple(() =>
            {
                Assert.That(memory.TryReadUInt64(0x1000, out ulong u64) && u64 == 0x0102030405060708, Is.True);
                Assert.That(memory.TryReadUInt32(0x1008, out uint u32) && u32 == 0x0a0b0c0d, Is.True);
                Assert.That(memory.TryReadUInt16(0x100c, out ushort u16) && u16 == 0x1122, Is.True);
            });
        }

        [Test]
        public void RingAccess_AcquireAndReleaseAreLittleEndian()
        {
            var area = new byte[4];
            RingAccess.WriteUInt16Release(area, 2, 0xBEEF);
            Assert.Multiple(() =>
            {
                Assert.That(area[2], Is.EqualTo(0xEF));
                Assert.That(area[3], Is.EqualTo(0xBE));
                Assert.That(RingAccess.ReadUInt16Acquire(area, 2), Is.EqualTo(0xBEEF));
            });
        }
    }
}
