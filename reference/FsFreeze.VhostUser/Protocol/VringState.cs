using System;
using System.Buffers.Binary;

namespace FsFreeze.VhostUser.Protocol
{
    /// <summary>
    /// The vring state payload (SET_VRING_NUM, SET/GET_VRING_BASE, SET_VRING_ENABLE, VRING_KICK, BACKEND_VRING_CALL):
    /// <c>u32 index</c> at 0, <c>u32 num</c> at 4; 8 bytes.
    /// </summary>
    public readonly record struct VringState(uint Index, uint Num)
    {
        /// <summary>Bytes of the payload.</summary>
        public const int Size = 8;

        /// <summary>Encodes into a new 8-byte array.</summary>
        public byte[] ToArray()
        {
            byte[] bytes = new byte[Size];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, Index);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), Num);
            return bytes;
        }

        /// <summary>Decodes; false unless exactly 8 bytes are given.</summary>
        public static bool TryDecode(ReadOnlySpan<byte> payload, out VringState state)
        {
            state = default;
            if (payload.Length != Size)
            {
                return false;
            }

            state = new VringState(BinaryPrimitives.ReadUInt32LittleEndian(payload), BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(4)));
            return true;
        }
    }
}
