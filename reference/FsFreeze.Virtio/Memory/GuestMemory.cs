using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Threading;

namespace FsFreeze.Virtio.Memory
{
    /// <summary>
    /// A guest-physical address space made of non-overlapping regions. It is the only state a driver and a
    /// device share, exactly as in a VM. Every accessor is bounds-checked and reports failure through its return
    /// value: an address outside every region is data from the other side of the trust boundary, not a bug, so it
    /// never throws. All multi-byte values are little-endian (virtio 1.x, "Basic Facilities of a Virtio Device").
    /// </summary>
    public sealed class GuestMemory
    {
        private readonly GuestMemoryRegion[] _regions;

        /// <summary>Start and size of each region, in the order of <see cref="_regions"/>, for the range checks.</summary>
        private readonly RegionBounds[] _bounds;

        /// <summary>
        /// The region the last lookup found. Ring traffic hits one region over and over (QEMU and rust-vmm keep the
        /// same cache), so it is tried first. It is only a hint: any value in range is correct, so a racy update
        /// from another thread costs a slower lookup, never a wrong answer.
        /// </summary>
        private int _lastHit;

        /// <summary>
        /// The bounds of the region at <see cref="_lastHit"/>, for the range check every buffer of every chain makes:
        /// one immutable object, so its start and size always belong to the same region even when another thread
        /// replaces it, and the check needs no array bounds check (issue 9).
        /// </summary>
        private RegionBounds _lastHitBounds;

        /// <summary>Creates an address space from <paramref name="regions"/>.</summary>
        /// <exception cref="ArgumentException">Two regions overlap.</exception>
        public GuestMemory(IEnumerable<GuestMemoryRegion> regions)
        {
            ArgumentNullException.ThrowIfNull(regions);

            var list = new List<GuestMemoryRegion>(regions);
            list.Sort((a, b) => a.GuestPhysicalAddress.CompareTo(b.GuestPhysicalAddress));
            for (int i = 1; i < list.Count; i++)
            {
                GuestMemoryRegion previous = list[i - 1];
                if (previous.Size != 0 && list[i].GuestPhysicalAddress <= previous.LastAddress)
                {
                    throw new ArgumentException("Guest memory regions overlap.", nameof(regions));
                }
            }

            _regions = list.ToArray();
            _bounds = new RegionBounds[_regions.Length];
            for (int i = 0; i < _regions.Length; i++)
            {
                _bounds[i] = new RegionBounds(_regions[i].GuestPhysicalAddress, _regions[i].Size);
            }

            // An empty address space gets bounds that contain nothing (size 0).
            _lastHitBounds = _bounds.Length > 0 ? _bounds[0] : new RegionBounds(0, 0);
        }

        /// <summary>Allocates a zeroed single-region address space of <paramref name="size"/> bytes at <paramref name="guestPhysicalAddress"/>.</summary>
        public static GuestMemory Allocate(ulong guestPhysicalAddress, int size) =>
            new(new[] { new GuestMemoryRegion(guestPhysicalAddress, new byte[size]) });

        /// <summary>The regions, sorted by address.</summary>
        public IReadOnlyList<GuestMemoryRegion> Regions => _regions;

        /// <summary>
        /// Returns the host span behind <paramref name="length"/> bytes at <paramref name="address"/> when they lie
        /// inside one region. Ring structures are mapped this way (as QEMU maps the descriptor table in one piece).
        /// </summary>
        public bool TryGetSpan(ulong address, int length, out Span<byte> span)
        {
            if (length >= 0 && TryGetMemory(address, (ulong)length, out Memory<byte> memory))
            {
                span = memory.Span;
                return true;
            }

            span = default;
            return false;
        }

        /// <summary>As <see cref="TryGetSpan"/>, returning the backing <see cref="Memory{T}"/> so it can be cached.</summary>
        public bool TryGetMemory(ulong address, ulong length, out Memory<byte> memory)
        {
            GuestMemoryRegion? region = FindRegion(address);
            if (region is not null && region.Contains(address, length))
            {
                memory = region.Backing.Slice((int)(address - region.GuestPhysicalAddress), (int)length);
                return true;
            }

            memory = default;
            return false;
        }

        /// <summary>
        /// True when every byte of [<paramref name="address"/>, <paramref name="address"/> + <paramref name="length"/>)
        /// is guest memory. The range may cross adjacent regions; a range that wraps the 64-bit space is invalid.
        /// </summary>
        public bool IsValidRange(ulong address, ulong length)
        {
            // Fast path: the whole range inside the region hit last (offset wraps to a huge value below its start).
            RegionBounds hit = _lastHitBounds;
            ulong offset = address - hit.Start;
            ulong size = hit.Size;
            if (offset < size && length <= size - offset)
            {
                return true;
            }

            return IsValidRangeAcrossRegions(address, length);
        }

        /// <summary>
        /// Maps [<paramref name="address"/>, <paramref name="address"/> + <paramref name="length"/>) once, for a
        /// queue's descriptor table, driver area or device area; false when it does not lie inside one region.
        /// </summary>
        internal bool TryMapArea(ulong address, ulong length, out MappedArea area)
        {
            bool mapped = TryGetMemory(address, length, out Memory<byte> backing);
            area = new MappedArea(backing);
            return mapped;
        }

        private bool IsValidRangeAcrossRegions(ulong address, ulong length)
        {
            if (length == 0)
            {
                return FindRegion(address) is not null;
            }

            if (address > ulong.MaxValue - (length - 1))
            {
                return false;
            }

            ulong cursor = address;
            ulong remaining = length;
            while (remaining > 0)
            {
                GuestMemoryRegion? region = FindRegion(cursor);
                if (region is null)
                {
                    return false;
                }

                ulong available = region.Size - (cursor - region.GuestPhysicalAddress);
                if (available >= remaining)
                {
                    return true;
                }

                remaining -= available;
                cursor += available;
            }

            return true;
        }

        /// <summary>Copies guest memory into <paramref name="destination"/>; the range may cross adjacent regions.</summary>
        public bool TryRead(ulong address, Span<byte> destination)
        {
            if (!IsValidRange(address, (ulong)destination.Length))
            {
                return false;
            }

            ulong cursor = address;
            while (!destination.IsEmpty)
            {
                GuestMemoryRegion region = FindRegion(cursor)!;
                int offset = (int)(cursor - region.GuestPhysicalAddress);
                int chunk = Math.Min(destination.Length, region.Backing.Length - offset);
                region.Backing.Span.Slice(offset, chunk).CopyTo(destination);
                destination = destination.Slice(chunk);
                cursor += (ulong)chunk;
            }

            return true;
        }

        /// <summary>Copies <paramref name="source"/> into guest memory; the range may cross adjacent regions.</summary>
        public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
        {
            if (!IsValidRange(address, (ulong)source.Length))
            {
                return false;
            }

            ulong cursor = address;
            while (!source.IsEmpty)
            {
                GuestMemoryRegion region = FindRegion(cursor)!;
                int offset = (int)(cursor - region.GuestPhysicalAddress);
                int chunk = Math.Min(source.Length, region.Backing.Length - offset);
                source.Slice(0, chunk).CopyTo(region.Backing.Span.Slice(offset, chunk));
                source = source.Slice(chunk);
                cursor += (ulong)chunk;
            }

            return true;
        }

        /// <summary>Fills a guest range with zeroes.</summary>
        public bool TryClear(ulong address, ulong length)
        {
            if (!IsValidRange(address, length))
            {
                return false;
            }

            ulong cursor = address;
            while (length > 0)
            {
                GuestMemoryRegion region = FindRegion(cursor)!;
                int offset = (int)(cursor - region.GuestPhysicalAddress);
                int chunk = (int)Math.Min(length, (ulong)(region.Backing.Length - offset));
                region.Backing.Span.Slice(offset, chunk).Clear();
                length -= (ulong)chunk;
                cursor += (ulong)chunk;
            }

            return true;
        }

        /// <summary>Reads a little-endian 16-bit value.</summary>
        public bool TryReadUInt16(ulong address, out ushort value)
        {
            if (TryGetSpan(address, sizeof(ushort), out Span<byte> span))
            {
                value = BinaryPrimitives.ReadUInt16LittleEndian(span);
                return true;
            }

            value = 0;
            return false;
        }

        /// <summary>Reads a little-endian 32-bit value.</summary>
        public bool TryReadUInt32(ulong address, out uint value)
        {
            if (TryGetSpan(address, sizeof(uint), out Span<byte> span))
            {
                value = BinaryPrimitives.ReadUInt32LittleEndian(span);
                return true;
            }

            value = 0;
            return false;
        }

        /// <summary>Reads a little-endian 64-bit value.</summary>
        public bool TryReadUInt64(ulong address, out ulong value)
        {
            if (TryGetSpan(address, sizeof(ulong), out Span<byte> span))
            {
                value = BinaryPrimitives.ReadUInt64LittleEndian(span);
                return true;
            }

            value = 0;
            return false;
        }

        /// <summary>Writes a little-endian 16-bit value.</summary>
        public bool TryWriteUInt16(ulong address, ushort value)
        {
            if (TryGetSpan(address, sizeof(ushort), out Span<byte> span))
            {
                BinaryPrimitives.WriteUInt16LittleEndian(span, value);
                return true;
            }

            return false;
        }

        /// <summary>Writes a little-endian 32-bit value.</summary>
        public bool TryWriteUInt32(ulong address, uint value)
        {
            if (TryGetSpan(address, sizeof(uint), out Span<byte> span))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span, value);
                return true;
            }

            return false;
        }

        /// <summary>Writes a little-endian 64-bit value.</summary>
        public bool TryWriteUInt64(ulong address, ulong value)
        {
            if (TryGetSpan(address, sizeof(ulong), out Span<byte> span))
            {
                BinaryPrimitives.WriteUInt64LittleEndian(span, value);
                return true;
            }

            return false;
        }

        private GuestMemoryRegion? FindRegion(ulong address)
        {
            RegionBounds[] bounds = _bounds;
            int hint = _lastHit;
            if ((uint)hint < (uint)bounds.Length && address - bounds[hint].Start < bounds[hint].Size)
            {
                return _regions[hint];
            }

            // Few regions (a VM has a handful), so a linear scan beats a search tree.
            for (int i = 0; i < bounds.Length; i++)
            {
                if (address - bounds[i].Start < bounds[i].Size)
                {
                    _lastHit = i;
                    _lastHitBounds = bounds[i];
                    return _regions[i];
                }
            }

            return null;
        }

        /// <summary>A region's first address and size; an address is inside when address - Start &lt; Size (unsigned).</summary>
        private sealed record RegionBounds(ulong Start, ulong Size);
    }
}
