using System;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Tests.Memory
{
    /// <summary>One region: its last address, what it contains, and where it may sit in the 64-bit space.</summary>
    public sealed class GuestMemoryRegionTests
    {
        [Test]
        public void LastAddress_IsInclusive_AndTheStartForAnEmptyRegion()
        {
            Assert.That(new GuestMemoryRegion(0x1000, new byte[0x100]).LastAddress, Is.EqualTo(0x10FFul));
            Assert.That(new GuestMemoryRegion(0x1000, new byte[1]).LastAddress, Is.EqualTo(0x1000ul));
            Assert.That(new GuestMemoryRegion(0x1000, Memory<byte>.Empty).LastAddress, Is.EqualTo(0x1000ul));
            Assert.That(new GuestMemoryRegion(0x1000, new byte[0x100]).Size, Is.EqualTo(0x100ul));
        }

        [TestCase(0x1000ul, 0x100ul, true)]
        [TestCase(0x1000ul, 0x101ul, false)]
        [TestCase(0x10FFul, 1ul, true)]
        [TestCase(0x10FFul, 2ul, false)]
        [TestCase(0x1100ul, 0ul, true)]
        [TestCase(0x1100ul, 1ul, false)]
        [TestCase(0x1101ul, 0ul, false)]
        [TestCase(0x0FFFul, 1ul, false)]
        [TestCase(0x0FFFul, 0ul, false)]
        [Category("FF-RING-12")]
        public void Contains_IsExactlyTheRegionsBytes(ulong address, ulong length, bool contained) =>
            Assert.That(new GuestMemoryRegion(0x1000, new byte[0x100]).Contains(address, length), Is.EqualTo(contained));

        [Test]
        public void Region_EndingAtTheLastAddress_IsAccepted_OneFurtherIsNot()
        {
            var top = new GuestMemoryRegion(ulong.MaxValue - 3, new byte[4]);

            Assert.That(top.LastAddress, Is.EqualTo(ulong.MaxValue));
            Assert.That(() => new GuestMemoryRegion(ulong.MaxValue - 2, new byte[4]), Throws.ArgumentException);
            Assert.That(new GuestMemoryRegion(ulong.MaxValue, Memory<byte>.Empty).Size, Is.Zero, "an empty region wraps nothing");
        }
    }
}
