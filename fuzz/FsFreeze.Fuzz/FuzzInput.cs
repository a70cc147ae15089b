using System;
using System.Buffers.Binary;

namespace FsFreeze.Fuzz
{
    /// <summary>
    /// Reads a fuzz input front to back. Past the end every read yields zero, so a truncated input is still a
    /// well-defined run: the fuzzer never wastes executions on inputs a harness would reject for being short.
    /// </summary>
    public sealed class FuzzInput
    {
        private readonly byte[] _bytes;
        private int _position;

        /// <summary>Wraps <paramref name="bytes"/>; the harness only reads them.</summary>
        public FuzzInput(byte[] bytes)
        {
            ArgumentNullException.ThrowIfNull(bytes);
            _bytes = bytes;
        }

        /// <summary>True once every byte was consumed.</summary>
        public bool IsEmpty => _position >= _bytes.Length;

        /// <summary>Bytes not read yet.</summary>
        public int Remaining => Math.Max(0, _bytes.Length - _position);

        /// <summary>The next byte, or 0 past the end.</summary>
        public byte ReadByte() => _position < _bytes.Length ? _bytes[_position++] : (byte)0;

        /// <summary>The next little-endian 16-bit value (zero-filled past the end).</summary>
        public ushort ReadUInt16()
        {
            Span<byte> buffer = stackalloc byte[2];
            Fill(buffer);
            return BinaryPrimitives.ReadUInt16LittleEndian(buffer);
        }

        /// <summary>The next little-endian 32-bit value (zero-filled past the end).</summary>
        public uint ReadUInt32()
        {
            Span<byte> buffer = stackalloc byte[4];
            Fill(buffer);
            return BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        }

        /// <summary>Copies up to <paramref name="destination"/>.Length bytes; the rest of it stays as it was.</summary>
        public int ReadInto(Span<byte> destination)
        {
            int take = Math.Min(destination.Length, Remaining);
            _bytes.AsSpan(_position, take).CopyTo(destination);
            _position += take;
            return take;
        }

        /// <summary>Everything not read yet.</summary>
        public ReadOnlySpan<byte> Rest()
        {
            ReadOnlySpan<byte> rest = _bytes.AsSpan(Math.Min(_position, _bytes.Length));
            _position = _bytes.Length;
            return rest;
        }

        private void Fill(Span<byte> buffer)
        {
            buffer.Clear();
            ReadInto(buffer);
        }
    }
}
