using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Tests.Mmio
{
    [TestFixture]
    public sealed class GuestAddressAllocatorTests
    {
        [Test]
        public void TryAllocate_AlignsAndBumps()
        {
            var allocator = new GuestAddressAllocator(0x1001, 0x1000);

            Assert.That(allocator.TryAllocate(6, 2, out ulong a), Is.True);
            Assert.That(allocator.TryAllocate(16, 16, out ulong b), Is.True);

            Assert.That(a, Is.EqualTo(0x1002UL));
            Assert.That(b, Is.EqualTo(0x1010UL));
            Assert.That(allocator.Next, Is.EqualTo(0x1020UL));
        }

        [Test]
        public void TryAllocate_PastTheEnd_Fails_AndKeepsState()
        {
            var allocator = new GuestAddressAllocator(0x1000, 0x20);

            Assert.That(allocator.TryAllocate(0x18, 8, out _), Is.True);
            Assert.That(allocator.TryAllocate(0x10, 8, out ulong address), Is.False);
            Assert.That(address, Is.Zero);
            Assert.That(allocator.Remaining, Is.EqualTo(8UL));
        }

        [TestCase(0UL)]
        [TestCase(3UL)]
        [TestCase(24UL)]
        public void TryAllocate_AlignmentNotAPowerOfTwo_Fails(ulong alignment)
        {
            var allocator = new GuestAddressAllocator(0, 0x1000);

            Assert.That(allocator.TryAllocate(1, alignment, out _), Is.False);
        }

        [Test]
        public void TryAllocate_NearTheTopOfTheAddressSpace_DoesNotWrap()
        {
            var allocator = new GuestAddressAllocator(ulong.MaxValue - 4, ulong.MaxValue);

            Assert.That(allocator.TryAllocate(1, 16, out _), Is.False);
            Assert.That(allocator.TryAllocate(8, 1, out _), Is.False);
            Assert.That(allocator.TryAllocate(4, 1, out ulong address), Is.True);
            Assert.That(address, Is.EqualTo(ulong.MaxValue - 4));
        }
    }
}
