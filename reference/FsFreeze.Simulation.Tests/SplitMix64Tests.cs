using FsFreeze.Simulation;

namespace FsFreeze.Simulation.Tests
{
    public sealed class SplitMix64Tests
    {
        [Test]
        public void SeedZero_GivesTheReferenceSequence()
        {
            // The first outputs of the reference splitmix64.c for state 0.
            var random = new SplitMix64(0);
            Assert.That(random.NextUInt64(), Is.EqualTo(0xE220_A839_7B1D_CDAFUL));
            Assert.That(random.NextUInt64(), Is.EqualTo(0x6E78_9E6A_A1B9_65F4UL));
        }

        [Test]
        public void NextInt_StaysInRange_AndSameSeedRepeats()
        {
            var a = new SplitMix64(42);
            var b = new SplitMix64(42);
            for (int i = 0; i < 1000; i++)
            {
                int x = a.NextInt(7);
                Assert.That(x, Is.InRange(0, 6));
                Assert.That(b.NextInt(7), Is.EqualTo(x));
            }
        }
    }
}
