using System;

namespace FsFreeze.Simulation
{
    /// <summary>
    /// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014): a 64-bit
    /// state advanced by the golden-ratio increment and finalised by two xor-shift-multiply rounds. Implemented here,
    /// not taken from <see cref="Random"/>, so a seed gives the same sequence on every runtime and platform, which
    /// is what makes a failing simulation replayable from its seed alone.
    /// </summary>
    public sealed class SplitMix64
    {
        private ulong state;

        /// <summary>Starts the sequence at <paramref name="seed"/>.</summary>
        public SplitMix64(ulong seed)
        {
            Seed = seed;
            state = seed;
        }

        /// <summary>The seed this generator started from.</summary>
        public ulong Seed { get; }

        /// <summary>The next 64 random bits.</summary>
        public ulong NextUInt64()
        {
            state += 0x9E37_79B9_7F4A_7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias (rejection sampling).</summary>
        public int NextInt(int bound)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
            ulong range = (ulong)bound;
            ulong limit = ulong.MaxValue - (ulong.MaxValue % range);
            ulong value;
            do
            {
                value = NextUInt64();
            }
            while (value >= limit);
            return (int)(value % range);
        }

        /// <summary>True with probability <paramref name="numerator"/>/<paramref name="denominator"/>.</summary>
        public bool Chance(int numerator, int denominator) => NextInt(denominator) < numerator;
    }
}
