using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace FsFreeze.VhostUser.Protocol
{
    /// <summary>
    /// The SET_MEM_TABLE payload: <c>u32 nregions</c>, <c>u32 padding</c>, then the regions (32 bytes each), one file
    /// descriptor per region in the same order. Front-ends differ in the size they send: QEMU sends room for 8
    /// regions, Linux's virtio_uml for 2, others exactly <c>nregions</c>; every size from 8 + 32·nregions up to
    /// room for <see cref="MaxRegions"/> is accepted, with the bytes after the last region ignored.
    /// </summary>
    public static class MemoryTable
    {
        /// <summary>Most regions one table carries (VHOST_MEMORY_BASELINE_NREGIONS).</summary>
        public const int MaxRegions = 8;

        /// <summary>Bytes before the first region.</summary>
        public const int HeaderSize = 8;

        /// <summary>The largest payload accepted.</summary>
        public const int MaxSize = HeaderSize + (MaxRegions * MemoryRegionDescription.EncodedSize);

        /// <summary>Encodes <paramref name="regions"/> with no room to spare.</summary>
        public static byte[] Encode(IReadOnlyList<MemoryRegionDescription> regions)
        {
            ArgumentNullException.ThrowIfNull(regions);
            if (regions.Count > MaxRegions)
            {
                throw new ArgumentOutOfRangeException(nameof(regions), $"At most {MaxRegions} regions.");
            }

            byte[] bytes = new byte[HeaderSize + (regions.Count * MemoryRegionDescription.EncodedSize)];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)regions.Count);
            for (int i = 0; i < regions.Count; i++)
            {
                Span<byte> slot = bytes.AsSpan(HeaderSize + (i * MemoryRegionDescription.EncodedSize));
                BinaryPrimitives.WriteUInt64LittleEndian(slot, regions[i].GuestPhysicalAddress);
                BinaryPrimitives.WriteUInt64LittleEndian(slot.Slice(8), regions[i].Size);
                BinaryPrimitives.WriteUInt64LittleEndian(slot.Slice(16), regions[i].UserspaceAddress);
                BinaryPrimitives.WriteUInt64LittleEndian(slot.Slice(24), regions[i].MmapOffset);
            }

            return bytes;
        }

        /// <summary>
        /// Decodes a table; false with a reason when the count is 0 or above <see cref="MaxRegions"/>, the payload is
        /// too short for the count or longer than <see cref="MaxSize"/>, or a region is empty or wraps.
        /// </summary>
        public static bool TryDecode(ReadOnlySpan<byte> payload, out MemoryRegionDescription[] regions, out string? problem)
        {
            regions = [];
            if (payload.Length < HeaderSize || payload.Length > MaxSize)
            {
                problem = $"payload of {payload.Length} bytes (expected {HeaderSize + MemoryRegionDescription.EncodedSize} to {MaxSize})";
                return false;
            }

            uint count = BinaryPrimitives.ReadUInt32LittleEndian(payload);
            if (count == 0 || count > MaxRegions || payload.Length < HeaderSize + ((int)count * MemoryRegionDescription.EncodedSize))
            {
                problem = $"{count} regions in a payload of {payload.Length} bytes";
                return false;
            }

            var decoded = new MemoryRegionDescription[count];
            for (int i = 0; i < decoded.Length; i++)
            {
                ReadOnlySpan<byte> slot = payload.Slice(HeaderSize + (i * MemoryRegionDescription.EncodedSize));
                decoded[i] = new MemoryRegionDescription(
                    BinaryPrimitives.ReadUInt64LittleEndian(slot),
                    BinaryPrimitives.ReadUInt64LittleEndian(slot.Slice(8)),
                    BinaryPrimitives.ReadUInt64LittleEndian(slot.Slice(16)),
                    BinaryPrimitives.ReadUInt64LittleEndian(slot.Slice(24)));
                MemoryRegionDescription r = decoded[i];
                if (r.Size == 0 || r.Size > long.MaxValue || r.GuestPhysicalAddress > ulong.MaxValue - (r.Size - 1)
                    || r.UserspaceAddress > ulong.MaxValue - (r.Size - 1) || r.MmapOffset > (ulong)long.MaxValue - r.Size)
                {
                    problem = $"region {i} is empty or wraps";
                    return false;
                }
            }

            regions = decoded;
            problem = null;
            return true;
        }
    }
}
