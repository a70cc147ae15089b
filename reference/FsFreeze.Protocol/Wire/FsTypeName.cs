using System;
using System.Buffers.Binary;
using System.Text;

namespace FsFreeze.Protocol.Wire
{
    /// <summary>
    /// The <c>fs_type[16]</c> field of an entry, spec "Messages": the filesystem type name, NUL-padded. The name
    /// uses all 16 bytes or ends at its first NUL, and every byte after that NUL is NUL too. The field is kept as
    /// its 16 raw bytes in two little-endian u64s, so decoding allocates nothing and re-encoding is bit-exact
    /// whatever the bytes; the name is decoded as UTF-8 only when asked for.
    /// </summary>
    internal static class FsTypeName
    {
        /// <summary>Bytes of the field.</summary>
        public const int FieldSize = 16;

        /// <summary>The raw field of <paramref name="name"/>, NUL-padded.</summary>
        /// <exception cref="ArgumentException">The name needs more than 16 UTF-8 bytes or holds a NUL, which would end it early.</exception>
        public static (ulong Low, ulong High) Pack(string name)
        {
            if (name.AsSpan().IndexOf('\0') >= 0 || Encoding.UTF8.GetByteCount(name) > FieldSize)
            {
                throw new ArgumentException("fs_type holds at most 16 UTF-8 bytes and no NUL.", nameof(name));
            }

            Span<byte> field = stackalloc byte[FieldSize];
            field.Clear();
            Encoding.UTF8.GetBytes(name).AsSpan().CopyTo(field);
            return Read(field);
        }

        /// <summary>The raw field from the first 16 bytes of <paramref name="field"/>.</summary>
        public static (ulong Low, ulong High) Read(ReadOnlySpan<byte> field) =>
            (BinaryPrimitives.ReadUInt64LittleEndian(field), BinaryPrimitives.ReadUInt64LittleEndian(field.Slice(8)));

        /// <summary>Writes the raw field into the first 16 bytes of <paramref name="field"/>.</summary>
        public static void Write(ulong low, ulong high, Span<byte> field)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(field, low);
            BinaryPrimitives.WriteUInt64LittleEndian(field.Slice(8), high);
        }

        /// <summary>The name: the bytes before the first NUL, as UTF-8 (an undecodable byte shows as U+FFFD).</summary>
        public static string Unpack(ulong low, ulong high)
        {
            Span<byte> field = stackalloc byte[FieldSize];
            Write(low, high, field);
            int end = field.IndexOf((byte)0);
            ReadOnlySpan<byte> name = end < 0 ? field : field.Slice(0, end);
            return name.IsEmpty ? string.Empty : Encoding.UTF8.GetString(name.ToArray());
        }

        /// <summary>True when every byte after the first NUL is NUL ("NUL-padded").</summary>
        public static bool IsNulPadded(ulong low, ulong high)
        {
            Span<byte> field = stackalloc byte[FieldSize];
            Write(low, high, field);
            int end = field.IndexOf((byte)0);
            return end < 0 || Padding.IsAllZero(field.Slice(end));
        }
    }
}
