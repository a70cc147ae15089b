using System;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Systems
{
    /// <summary>
    /// Guest memory with guard bands: the region is a slice of a larger host array whose bytes on either side hold a
    /// known pattern. Every <see cref="GuestMemory"/> accessor is bounds-checked, so reads and writes outside the region
    /// fail as values; a write that escaped anyway (a cached span, an off-by-one in a slice) lands in a guard band and
    /// <see cref="IsIntact"/> reports it (FF-DEV-14, FF-DRV-32: no access outside guest memory).
    /// </summary>
    public sealed class GuardedGuestMemory
    {
        /// <summary>The byte every guard band is filled with.</summary>
        public const byte Pattern = 0xA5;

        private readonly byte[] backing;
        private readonly int guardBytes;

        /// <summary>Allocates <paramref name="size"/> zeroed bytes at <paramref name="guestPhysicalAddress"/>, with <paramref name="guardBytes"/> of pattern before and after.</summary>
        public GuardedGuestMemory(ulong guestPhysicalAddress, int size, int guardBytes = 4096)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(size);
            ArgumentOutOfRangeException.ThrowIfNegative(guardBytes);
            this.guardBytes = guardBytes;
            backing = new byte[size + (2 * guardBytes)];
            backing.AsSpan(0, guardBytes).Fill(Pattern);
            backing.AsSpan(guardBytes + size).Fill(Pattern);
            Memory = new GuestMemory(new[] { new GuestMemoryRegion(guestPhysicalAddress, backing.AsMemory(guardBytes, size)) });
        }

        /// <summary>The guest memory (the region between the guards).</summary>
        public GuestMemory Memory { get; }

        /// <summary>True when no byte of either guard band changed.</summary>
        public bool IsIntact =>
            backing.AsSpan(0, guardBytes).IndexOfAnyExcept(Pattern) < 0
            && backing.AsSpan(backing.Length - guardBytes).IndexOfAnyExcept(Pattern) < 0;
    }
}
