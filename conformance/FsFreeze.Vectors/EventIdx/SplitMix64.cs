namespace FsFreeze.Vectors.EventIdx
{
    /// <summary>
    /// The SplitMix64 generator, written out here because the vectors must never change when the runtime does:
    /// System.Random's algorithm is an implementation detail that has changed between .NET versions.
    /// </summary>
    internal sealed class SplitMix64
    {
        private ulong _state;

        /// <summary>Starts the sequence at <paramref name="seed"/>.</summary>
        internal SplitMix64(ulong seed)
        {
            _state = seed;
        }

        /// <summary>The next 64 pseudo-random bits.</summary>
        internal ulong Next()
        {
            unchecked
            {
                _state += 0x9E3779B97F4A7C15UL;
                ulong z = _state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return z ^ (z >> 31);
            }
        }

        /// <summary>The next pseudo-random 16-bit value (the top bits, which mix best).</summary>
        internal ushort NextUInt16() => (ushort)(Next() >> 48);
    }
}
