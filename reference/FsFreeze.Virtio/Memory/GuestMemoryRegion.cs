using System;

namespace FsFreeze.Virtio.Memory
{
    /// <summary>
    /// One contiguous range of guest-physical memory, backed by host memory (a byte array, or a shared
    /// mapping such as a memfd handed over by vhost-user SET_MEM_TABLE).
    /// </summary>
    public sealed class GuestMemoryRegion
    {
        /// <summary>Creates a region that maps <paramref name="backing"/> at <paramref name="guestPhysicalAddress"/>.</summary>
        /// <exception cref="ArgumentException">The region would extend past the end of the 64-bit address space.</exception>
        public GuestMemoryRegion(ulong guestPhysicalAddress, Memory<byte> backing)
        {
            if (backing.Length > 0 && guestPhysicalAddress > ulong.MaxValue - (ulong)(backing.Length - 1))
            {
                throw new ArgumentException("The region wraps past the end of the address space.", nameof(guestPhysicalAddress));
            }

            GuestPhysicalAddress = guestPhysicalAddress;
            Backing = backing;
        }

        /// <summary>Guest-physical address of the first byte.</summary>
        public ulong GuestPhysicalAddress { get; }

        /// <summary>The host memory behind the region.</summary>
        public Memory<byte> Backing { get; }

        /// <summary>Size of the region in bytes.</summary>
        public ulong Size => (ulong)Backing.Length;

        /// <summary>Guest-physical address of the last byte (inclusive), or the start address for an empty region.</summary>
        public ulong LastAddress => Size == 0 ? GuestPhysicalAddress : GuestPhysicalAddress + Size - 1;

        /// <summary>True when <paramref name="length"/> bytes starting at <paramref name="address"/> lie inside this region.</summary>
        public bool Contains(ulong address, ulong length)
        {
            if (address < GuestPhysicalAddress)
            {
                return false;
            }

            ulong offset = address - GuestPhysicalAddress;
            return offset <= Size && length <= Size - offset;
        }
    }
}
