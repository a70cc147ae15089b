using System;
using System.Text;

namespace FsFreeze.Protocol.Wire
{
    /// <summary>
    /// The <c>fs_type[16]</c> field of an entry, spec "Messages": the filesystem type name, NUL-padded. The name
    /// uses all 16 bytes or ends at its first NUL, and every byte after that NUL is NUL too.
    /// </summary>
    internal static class FsTypeName
    {
        /// <summary>Bytes of the field.</summary>
        public const int FieldSize = 16;

        /// <summary>Bytes the name needs in UTF-8, or -1 when it does not fit the field (or holds a NUL, which would end it early).</summary>
        public static int EncodedLength(string name)
        {
            if (name.AsSpan().IndexOf('\0') >= 0)
            {
                return -1;
            }

            int length = Encoding.UTF8.GetByteCount(name);
            return length <= FieldSize ? length : -1;
        }

        /// <summary>Writes <paramref name="name"/> NUL-padded into the 16-byte <paramref name="field"/>; the caller checked <see cref="EncodedLength"/>.</summary>
        public static void Write(string name, Span<byte> field)
        {
            field = field.Slice(0, FieldSize);
            field.Clear();
            byte[] utf8 = Encoding.UTF8.GetBytes(name);
            utf8.AsSpan().CopyTo(field);
        }

        /// <summary>The name: the bytes before the first NUL, as UTF-8 (an undecodable byte becomes U+FFFD; the name is informational).</summary>
        public static string Read(ReadOnlySpan<byte> field)
        {
            field = field.Slice(0, FieldSize);
            int end = field.IndexOf((byte)0);
            ReadOnlySpan<byte> name = end < 0 ? field : field.Slice(0, end);
            return name.IsEmpty ? string.Empty : Encoding.UTF8.GetString(name.ToArray());
        }

        /// <summary>True when every byte after the first NUL is NUL ("NUL-padded").</summary>
        public static bool IsNulPadded(ReadOnlySpan<byte> field)
        {
            field = field.Slice(0, FieldSize);
            int end = field.IndexOf((byte)0);
            return end < 0 || Padding.IsAllZero(field.Slice(end));
        }
    }
}
