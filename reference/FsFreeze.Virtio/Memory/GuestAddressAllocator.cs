namespace FsFreeze.Virtio.Memory
{
    /// <summary>
    /// A bump allocator over a range of guest-physical addresses, for a driver model that lays out rings and buffers
    /// (a guest kernel's DMA allocator, without freeing). Running out is a value, not an exception.
    /// </summary>
    public sealed class GuestAddressAllocator
    {
        private readonly ulong _end;

        /// <summary>Hands out addresses from [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>).</summary>
        public GuestAddressAllocator(ulong start, ulong length)
        {
            Next = start;
            _end = length > ulong.MaxValue - start ? ulong.MaxValue : start + length;
        }

        /// <summary>The lowest address not yet handed out.</summary>
        public ulong Next { get; private set; }

        /// <summary>Bytes left before the end of the range (ignoring alignment).</summary>
        public ulong Remaining => _end - Next;

        /// <summary>
        /// Reserves <paramref name="size"/> bytes aligned to the power of two <paramref name="alignment"/>; false when
        /// they do not fit.
        /// </summary>
        public bool TryAllocate(ulong size, ulong alignment, out ulong address)
        {
            address = 0;
            if (alignment == 0 || (alignment & (alignment - 1)) != 0)
            {
                return false;
            }

            ulong mask = alignment - 1;
            if (Next > ulong.MaxValue - mask)
            {
                return false;
            }

            ulong aligned = (Next + mask) & ~mask;
            if (aligned > _end || size > _end - aligned)
            {
                return false;
            }

            address = aligned;
            Next = aligned + size;
            return true;
        }
    }
}
