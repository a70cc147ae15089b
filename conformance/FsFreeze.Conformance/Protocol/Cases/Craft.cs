using System;
using System.Buffers.Binary;

namespace FsFreeze.Conformance.Protocol.Cases
{
    /// <summary>Small helpers to derive a malformed message from a well-formed one: patch a field, cut, extend.</summary>
    public static class Craft
    {
        /// <summary>A copy of <paramref name="bytes"/> with the le16 at <paramref name="offset"/> set to <paramref name="value"/>.</summary>
        public static byte[] With16(byte[] bytes, int offset, ushort value)
        {
            byte[] copy = (byte[])bytes.Clone();
            BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(offset), value);
            return copy;
        }

        /// <summary>A copy of <paramref name="bytes"/> with the le32 at <paramref name="offset"/> set to <paramref name="value"/>.</summary>
        public static byte[] With32(byte[] bytes, int offset, uint value)
        {
            byte[] copy = (byte[])bytes.Clone();
            BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(offset), value);
            return copy;
        }

        /// <summary>A copy of <paramref name="bytes"/> with the byte at <paramref name="offset"/> set to <paramref name="value"/>.</summary>
        public static byte[] With8(byte[] bytes, int offset, byte value)
        {
            byte[] copy = (byte[])bytes.Clone();
            copy[offset] = value;
            return copy;
        }

        /// <summary>The first <paramref name="length"/> bytes.</summary>
        public static byte[] Cut(byte[] bytes, int length) => bytes.AsSpan(0, length).ToArray();

        /// <summary><paramref name="bytes"/> followed by <paramref name="extra"/> zero bytes.</summary>
        public static byte[] Extend(byte[] bytes, int extra)
        {
            byte[] longer = new byte[bytes.Length + extra];
            bytes.CopyTo(longer, 0);
            return longer;
        }
    }
}
