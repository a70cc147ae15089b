using System;
using System.Buffers.Binary;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Fuzz
{
    /// <summary>
    /// Builds a guest memory image for seeds: byte 0 is <see cref="GuestLayout.Base"/>, and the helpers write ring
    /// structures at the default layout's offsets.
    /// </summary>
    internal sealed class SeedImage
    {
        /// <summary>Packed descriptor flag AVAIL (bit 7).</summary>
        public const ushort PackedAvail = 1 << 7;

        /// <summary>Packed descriptor flag USED (bit 15).</summary>
        public const ushort PackedUsed = 1 << 15;

        /// <summary>Readable buffer address used by seeds.</summary>
        public const ulong ReadBuffer = GuestLayout.Base + 0x200;

        /// <summary>Writable buffer address used by seeds.</summary>
        public const ulong WriteBuffer = GuestLayout.Base + 0x300;

        /// <summary>Indirect table address used by seeds.</summary>
        public const ulong Table = GuestLayout.Base + 0x400;

        public byte[] Bytes { get; } = new byte[GuestLayout.DataOffset + 0x300];

        public SeedImage Descriptor(ulong tableOffset, int index, ulong address, uint length, ushort flags, ushort nextOrId)
        {
            Span<byte> at = Bytes.AsSpan((int)tableOffset + (index * 16), 16);
            BinaryPrimitives.WriteUInt64LittleEndian(at, address);
            BinaryPrimitives.WriteUInt32LittleEndian(at.Slice(8), length);

            // Split: flags then next; packed: id then flags. Callers say which through the argument order below.
            BinaryPrimitives.WriteUInt16LittleEndian(at.Slice(12), flags);
            BinaryPrimitives.WriteUInt16LittleEndian(at.Slice(14), nextOrId);
            return this;
        }

        /// <summary>A split descriptor in the main table.</summary>
        public SeedImage Split(int index, ulong address, uint length, DescriptorFlags flags, ushort next = 0) =>
            Descriptor(GuestLayout.DescriptorOffset, index, address, length, (ushort)flags, next);

        /// <summary>A split descriptor in the indirect table at <see cref="Table"/>.</summary>
        public SeedImage Indirect(int index, ulong address, uint length, DescriptorFlags flags, ushort next = 0) =>
            Descriptor(Table - GuestLayout.Base, index, address, length, (ushort)flags, next);

        /// <summary>A packed-format descriptor in the indirect table at <see cref="Table"/> (id 0, flags last).</summary>
        public SeedImage PackedIndirect(int index, ulong address, uint length, DescriptorFlags flags) =>
            Descriptor(Table - GuestLayout.Base, index, address, length, 0, (ushort)flags);

        /// <summary>A packed descriptor (id before flags on the wire), made available for wrap counter 1.</summary>
        public SeedImage Packed(int index, ulong address, uint length, ushort id, DescriptorFlags flags, ushort wrapFlags = PackedAvail) =>
            Descriptor(GuestLayout.DescriptorOffset, index, address, length, id, (ushort)((ushort)flags | wrapFlags));

        /// <summary>The split available ring: idx and the heads.</summary>
        public SeedImage Avail(ushort idx, params ushort[] heads)
        {
            Span<byte> avail = Bytes.AsSpan(GuestLayout.DriverOffset);
            BinaryPrimitives.WriteUInt16LittleEndian(avail.Slice(2), idx);
            for (int i = 0; i < heads.Length; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(avail.Slice(4 + (2 * i)), heads[i]);
            }

            return this;
        }
    }
}
