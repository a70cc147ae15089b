using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Tests.Memory
{
    /// <summary>The allocator's end when its range does not start at 0, and an empty allocation at that end.</summary>
    public sealed class GuestAddressAllocatorEdgeTests
    {
        [Test]
        public void RangeNotAtZero_EndsAtStartPlusLength()
        {
            var allocator = new GuestAddressAllocator(0x1000, 0x1000);

            Assert.That(allocator.Remaining, Is.EqualTo(0x1000ul));
            Assert.That(allocator.TryAllocate(0x1000, 16, out ulong address), Is.True);
            Assert.That(address, Is.EqualTo(0x1000ul));
            Assert.That(allocator.TryAllocate(1, 1, out _), Is.False, "past 0x2000");
        }

        [Test]
        public void EmptyAllocation_AtTheEnd_Fits()
        {
            var allocator = new GuestAddressAllocator(0x1000, 0x100);
            Assert.That(allocator.TryAllocate(0x100, 1, out _), Is.True);

            Assert.That(allocator.TryAllocate(0, 1, out ulong address), Is.True);
            Assert.That(address, Is.EqualTo(0x1100ul));
        }
    }
}
