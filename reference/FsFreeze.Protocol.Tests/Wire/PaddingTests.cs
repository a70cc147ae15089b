using FsFreeze.Protocol.Wire;

namespace FsFreeze.Protocol.Tests.Wire
{
    public sealed class PaddingTests
    {
        [TestCase(0, 0)]
        [TestCase(1, 8)]
        [TestCase(4, 8)]
        [TestCase(8, 8)]
        [TestCase(9, 16)]
        [TestCase(4 + 65535, 65544)]
        public void Align8_RoundsUpToAMultipleOfEight(long length, long expected) => Assert.That(Padding.Align8(length), Is.EqualTo(expected));

        [Test]
        public void IsAllZero_LooksAtEveryByte()
        {
            Assert.Multiple(() =>
            {
                Assert.That(Padding.IsAllZero([]), Is.True);
                Assert.That(Padding.IsAllZero(new byte[7]), Is.True);
                Assert.That(Padding.IsAllZero([0, 0, 0, 0, 0, 0, 1]), Is.False);
                Assert.That(Padding.IsAllZero([1, 0]), Is.False);
            });
        }
    }
}
