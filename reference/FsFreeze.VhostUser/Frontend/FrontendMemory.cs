using System;
using FsFreeze.Virtio.Memory;
using FsFreeze.VhostUser.Native;
using FsFreeze.VhostUser.Protocol;

namespace FsFreeze.VhostUser.Frontend
{
    /// <summary>
    /// Guest memory a front-end shares with its back-end: one memfd, mapped shared here and passed with
    /// SET_MEM_TABLE. The region's <c>userspace_addr</c> is its guest-physical address, so ring addresses need no
    /// translation on this side (virtio_uml does the same).
    /// </summary>
    public sealed class FrontendMemory : IDisposable
    {
        private readonly SharedMapping _mapping;

        /// <summary>Creates <paramref name="size"/> bytes of shared guest memory at <paramref name="guestPhysicalAddress"/>.</summary>
        public FrontendMemory(ulong guestPhysicalAddress, int size)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
            Fd = MemFd.Create("fsfreeze-guest", size);
            _mapping = SharedMapping.Map(Fd, size);
            Memory = new GuestMemory(new[] { new GuestMemoryRegion(guestPhysicalAddress, _mapping.Slice(0, size)) });
            Region = new MemoryRegionDescription(guestPhysicalAddress, (ulong)size, guestPhysicalAddress, 0);
        }

        /// <summary>The guest memory, as the driver side reads and writes it.</summary>
        public GuestMemory Memory { get; }

        /// <summary>The memfd.</summary>
        public FileDescriptor Fd { get; }

        /// <summary>The SET_MEM_TABLE description of the one region.</summary>
        public MemoryRegionDescription Region { get; }

        /// <summary>Unmaps and closes. Nothing may read <see cref="Memory"/> afterwards.</summary>
        public void Dispose()
        {
            ((IDisposable)_mapping).Dispose();
            Fd.Dispose();
        }
    }
}
