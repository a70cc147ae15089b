using System;
using System.Buffers.Binary;

namespace FsFreeze.VhostUser.Protocol
{
    /// <summary>
    /// The vring address payload of SET_VRING_ADDR, 40 bytes. The addresses are front-end user addresses, translated
    /// through each memory region's <c>userspace_addr</c>; note that <c>used</c> comes before <c>avail</c>:
    /// <code>
    /// 0  u32 index    4  u32 flags (bit 0: log)   8  u64 desc   16  u64 used   24  u64 avail   32  u64 log
    /// </code>
    /// </summary>
    public readonly record struct VringAddress(uint Index, uint Flags, ulong Descriptor, ulong Used, ulong Available, ulong Log)
    {
        /// <summary>Bytes of the payload.</summary>
        public const int Size = 40;

        /// <summary>Encodes into a new 40-byte array.</summary>
        public byte[] ToArray()
        {
            byte[] bytes = new byte[Size];
            Span<byte> span = bytes;
            BinaryPrimitives.WriteUInt32LittleEndian(span, Index);
            BinaryPrimitives.WriteUInt32LittleEndian(span.Slice(4), Flags);
            BinaryPrimitives.WriteUInt64LittleEndian(span.Slice(8), Descriptor);
            BinaryPrimitives.WriteUInt64LittleEndian(span.Slice(16), Used);
            BinaryPrimitives.WriteUInt64LittleEndian(span.Slice(24), Available);
            BinaryPrimitives.WriteUInt64LittleEndian(span.Slice(32), Log);
            return bytes;
        }

        /// <summary>Decodes; false unless exactly 40 bytes are given.</summary>
        public static bool TryDecode(ReadOnlySpan<byte> payload, out VringAddress address)
        {
            address = default;
            if (payload.Length != Size)
            {
                return false;
            }

            address = new VringAddress(
                BinaryPrimitives.ReadUInt32LittleEndian(payload),
                BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(4)),
                BinaryPrimitives.ReadUInt64LittleEndian(payload.Slice(8)),
                BinaryPrimitives.ReadUInt64LittleEndian(payload.Slice(16)),
                BinaryPrimitives.ReadUInt64LittleEndian(payload.Slice(24)),
                BinaryPrimitives.ReadUInt64LittleEndian(payload.Slice(32)));
            return true;
        }
    }
}
