using System;
using System.Buffers.Binary;

namespace FsFreeze.VhostUser.Protocol
{
    /// <summary>
    /// The u64 payload of SET_VRING_KICK, SET_VRING_CALL and SET_VRING_ERR: bits 0-7 the ring index, bit 8 set when
    /// no file descriptor comes with the message (the back-end polls instead), the other bits zero.
    /// </summary>
    public readonly record struct VringFile(uint Index, bool NoFd)
    {
        /// <summary>Mask of the ring index.</summary>
        public const ulong IndexMask = 0xFF;

        /// <summary>Bit 8: no file descriptor.</summary>
        public const ulong NoFdMask = 0x100;

        /// <summary>The u64 value.</summary>
        public ulong Value => (Index & IndexMask) | (NoFd ? NoFdMask : 0);

        /// <summary>Encodes into a new 8-byte array.</summary>
        public byte[] ToArray()
        {
            byte[] bytes = new byte[sizeof(ulong)];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, Value);
            return bytes;
        }

        /// <summary>Decodes; false unless 8 bytes holding no bits beyond 0-8 are given.</summary>
        public static bool TryDecode(ReadOnlySpan<byte> payload, out VringFile file)
        {
            file = default;
            if (payload.Length != sizeof(ulong))
            {
                return false;
            }

            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(payload);
            if ((value & ~(IndexMask | NoFdMask)) != 0)
            {
                return false;
            }

            file = new VringFile((uint)(value & IndexMask), (value & NoFdMask) != 0);
            return true;
        }
    }
}
