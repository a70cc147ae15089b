using System;
using System.Collections.Generic;
using FsFreeze.Virtio.Memory;
using FsFreeze.VhostUser.Native;
using FsFreeze.VhostUser.Protocol;

namespace FsFreeze.VhostUser.Memory
{
    /// <summary>
    /// Guest memory as a vhost-user back-end sees it: the SET_MEM_TABLE regions mapped from their descriptors and
    /// served through the virtio core's bounds-checked <see cref="GuestMemory"/>, plus the translation of front-end
    /// user addresses (SET_VRING_ADDR) to guest-physical ones. A region larger than 1 GiB is served as adjacent
    /// 1 GiB pieces, since one <see cref="Memory{T}"/> holds at most 2 GiB; a ring crossing a piece boundary is
    /// then refused like a ring crossing two regions.
    /// </summary>
    public sealed class MappedGuestMemory : IDisposable
    {
        private const long PieceSize = 1L << 30;
        private readonly List<SharedMapping> _mappings;

        private MappedGuestMemory(GuestMemory memory, IReadOnlyList<MemoryRegionDescription> regions, List<SharedMapping> mappings)
        {
            Memory = memory;
            Regions = regions;
            _mappings = mappings;
        }

        /// <summary>An address space with no memory at all (before SET_MEM_TABLE).</summary>
        public static MappedGuestMemory Empty => new(new GuestMemory(Array.Empty<GuestMemoryRegion>()), Array.Empty<MemoryRegionDescription>(), []);

        /// <summary>The guest memory.</summary>
        public GuestMemory Memory { get; }

        /// <summary>The regions as the front-end described them.</summary>
        public IReadOnlyList<MemoryRegionDescription> Regions { get; }

        /// <summary>
        /// Maps <paramref name="regions"/>, region i from <paramref name="fds"/>[i]. The descriptors are not kept (a
        /// mapping outlives its descriptor); the caller still closes them.
        /// </summary>
        /// <exception cref="VhostUserException">A region lies beyond its file, regions overlap, or mmap failed.</exception>
        public static MappedGuestMemory Map(IReadOnlyList<MemoryRegionDescription> regions, IReadOnlyList<FileDescriptor> fds)
        {
            ArgumentNullException.ThrowIfNull(regions);
            ArgumentNullException.ThrowIfNull(fds);
            if (regions.Count != fds.Count)
            {
                throw new VhostUserException($"{regions.Count} regions but {fds.Count} file descriptors");
            }

            var mappings = new List<SharedMapping>();
            var pieces = new List<GuestMemoryRegion>();
            try
            {
                for (int i = 0; i < regions.Count; i++)
                {
                    MemoryRegionDescription region = regions[i];
                    long end = (long)region.MmapOffset + (long)region.Size;
                    long fileSize = FileSize.Of(fds[i]);

                    // Touching a shared mapping past the end of its file raises SIGBUS: refuse such a region up front.
                    if (fileSize >= 0 && end > fileSize)
                    {
                        throw new VhostUserException($"region {i} ends at offset {end} of a file of {fileSize} bytes");
                    }

                    SharedMapping mapping = SharedMapping.Map(fds[i], end);
                    mappings.Add(mapping);
                    for (long at = 0; at < (long)region.Size; at += PieceSize)
                    {
                        int length = (int)Math.Min(PieceSize, (long)region.Size - at);
                        pieces.Add(new GuestMemoryRegion(region.GuestPhysicalAddress + (ulong)at, mapping.Slice((long)region.MmapOffset + at, length)));
                    }
                }

                return new MappedGuestMemory(new GuestMemory(pieces), regions, mappings);
            }
            catch (ArgumentException e)
            {
                Release(mappings);
                throw new VhostUserException($"bad memory table: {e.Message}", e);
            }
            catch
            {
                Release(mappings);
                throw;
            }
        }

        /// <summary>Translates a front-end user address to a guest-physical one through the region that holds it.</summary>
        public bool TryTranslateUserAddress(ulong userAddress, out ulong guestPhysicalAddress)
        {
            foreach (MemoryRegionDescription region in Regions)
            {
                if (userAddress >= region.UserspaceAddress && userAddress - region.UserspaceAddress < region.Size)
                {
                    guestPhysicalAddress = region.GuestPhysicalAddress + (userAddress - region.UserspaceAddress);
                    return true;
                }
            }

            guestPhysicalAddress = 0;
            return false;
        }

        /// <summary>Unmaps every region. Nothing may read <see cref="Memory"/> afterwards.</summary>
        public void Dispose() => Release(_mappings);

        private static void Release(List<SharedMapping> mappings)
        {
            foreach (SharedMapping mapping in mappings)
            {
                ((IDisposable)mapping).Dispose();
            }

            mappings.Clear();
        }
    }
}
