using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;

namespace FsFreeze.Virtio.Tests.Queues.Packed
{
    public sealed class PackedRingLayoutTests
    {
        [Test]
        public void Constants_MatchTheSpecLayout()
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(PackedRingLayout.DescriptorSize, Is.EqualTo(16));
                Assert.That(PackedRingLayout.DescriptorAddressOffset, Is.Zero);
                Assert.That(PackedRingLayout.DescriptorLengthOffset, Is.EqualTo(8));
                Assert.That(PackedRingLayout.DescriptorIdOffset, Is.EqualTo(12));
                Assert.That(PackedRingLayout.DescriptorFlagsOffset, Is.EqualTo(14));
                Assert.That(PackedRingLayout.EventSuppressionSize, Is.EqualTo(4));
                Assert.That(PackedRingLayout.EventOffWrapOffset, Is.Zero);
                Assert.That(PackedRingLayout.EventFlagsOffset, Is.EqualTo(2));
                Assert.That(PackedRingLayout.EventFlagsEnable, Is.Zero);
                Assert.That(PackedRingLayout.EventFlagsDisable, Is.EqualTo(1));
                Assert.That(PackedRingLayout.EventFlagsDesc, Is.EqualTo(2));
                Assert.That(PackedRingLayout.DescriptorRingAlignment, Is.EqualTo(16));
                Assert.That(PackedRingLayout.EventSuppressionAlignment, Is.EqualTo(4));
                Assert.That((int)DescriptorFlags.Avail, Is.EqualTo(0x80));
                Assert.That((int)DescriptorFlags.Used, Is.EqualTo(0x8000));
                Assert.That(PackedRingLayout.DescriptorRingSize(255), Is.EqualTo(4080));
            }
        }

        [TestCase(0, false)]
        [TestCase(1, true)]
        [TestCase(3, true)]
        [TestCase(255, true)]
        [TestCase(32768, true)]
        [TestCase(32769, false)]
        public void IsValidQueueSize_AcceptsOneTo32768WithoutPowerOfTwo(int size, bool valid) =>
            Assert.That(PackedRingLayout.IsValidQueueSize(size), Is.EqualTo(valid));

        [TestCase(0, true, 0x8000)]
        [TestCase(5, false, 0x0005)]
        [TestCase(32767, true, 0xffff)]
        public void OffWrap_PacksOffsetAndWrapBit(int offset, bool wrap, int expected) =>
            Assert.That(PackedRingLayout.OffWrap(offset, wrap), Is.EqualTo((ushort)expected));

        [Test]
        public void AvailableAndUsedTests_FollowTheWrapCounter()
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(PackedRingLayout.IsAvailable(PackedRingLayout.AvailableFlags(true), true), Is.True);
                Assert.That(PackedRingLayout.IsAvailable(PackedRingLayout.AvailableFlags(false), false), Is.True);
                Assert.That(PackedRingLayout.IsAvailable(PackedRingLayout.AvailableFlags(false), true), Is.False);
                Assert.That(PackedRingLayout.IsAvailable(DescriptorFlags.None, true), Is.False, "a zeroed ring offers nothing");
                Assert.That(PackedRingLayout.IsAvailable(PackedRingLayout.UsedFlags(true), true), Is.False);
                Assert.That(PackedRingLayout.IsUsed(PackedRingLayout.UsedFlags(true), true), Is.True);
                Assert.That(PackedRingLayout.IsUsed(PackedRingLayout.UsedFlags(false), false), Is.True);
                Assert.That(PackedRingLayout.IsUsed(PackedRingLayout.UsedFlags(true), false), Is.False, "last lap's used descriptor");
                Assert.That(PackedRingLayout.IsUsed(PackedRingLayout.AvailableFlags(true), true), Is.False);
                Assert.That(PackedRingLayout.IsUsed(DescriptorFlags.None, true), Is.False, "a zeroed ring has nothing used");
            }
        }
    }
}
