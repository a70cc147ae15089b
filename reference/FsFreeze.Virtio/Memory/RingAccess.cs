using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace FsFreeze.Virtio.Memory
{
    /// <summary>
    /// Little-endian field access with the ordering the virtio spec asks for around ring indices
    /// ("Updating idx", "Receiving Used Buffers From The Device"): a read of an index is an acquire, so the
    /// entries it publishes are read after it; a write of an index is a release, so the entries it publishes are
    /// visible before it. With the guest memory shared with another process (vhost-user) this is what keeps the
    /// two sides coherent; in-process it costs nothing on x86.
    /// </summary>
    /// <remarks>
    /// Every access is bounds-checked against the area with one unsigned comparison (offset + size within the
    /// span's length, computed in 64 bits so a negative offset cannot wrap into range). The offsets come from
    /// our own ring arithmetic, never unchecked from the guest, so a failing check is a bug in this code and
    /// throws <see cref="ArgumentOutOfRangeException"/>, as a span slice would. <c>Span.Slice</c> followed by
    /// <c>BinaryPrimitives</c> costs two checks per field; the ring hot path touches about twenty fields per
    /// chain, which is why this class does the one check itself.
    /// </remarks>
    public static class RingAccess
    {
        /// <summary>Reads a little-endian u16 with acquire semantics. <paramref name="offset"/> must be 2-aligned in the mapping.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ushort ReadUInt16Acquire(Span<byte> area, int offset)
        {
            ref ushort field = ref Unsafe.As<byte, ushort>(ref At(area, offset, sizeof(ushort)));
            ushort raw = Volatile.Read(ref field);
            return BitConverter.IsLittleEndian ? raw : BinaryPrimitives.ReverseEndianness(raw);
        }

        /// <summary>Writes a little-endian u16 with release semantics.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteUInt16Release(Span<byte> area, int offset, ushort value)
        {
            ref ushort field = ref Unsafe.As<byte, ushort>(ref At(area, offset, sizeof(ushort)));
            Volatile.Write(ref field, BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
        }

        /// <summary>
        /// A full fence. The spec requires one between publishing an index and reading the other side's
        /// suppression field (flags or event index), or a notification can be lost.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void FullBarrier() => Interlocked.MemoryBarrier();

        /// <summary>Reads a plain little-endian u16.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ushort ReadUInt16(Span<byte> area, int offset) =>
            LittleEndian(Unsafe.ReadUnaligned<ushort>(ref At(area, offset, sizeof(ushort))));

        /// <summary>Writes a plain little-endian u16.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteUInt16(Span<byte> area, int offset, ushort value) =>
            Unsafe.WriteUnaligned(ref At(area, offset, sizeof(ushort)), LittleEndian(value));

        /// <summary>Reads a plain little-endian u32.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static uint ReadUInt32(Span<byte> area, int offset) =>
            LittleEndian(Unsafe.ReadUnaligned<uint>(ref At(area, offset, sizeof(uint))));

        /// <summary>Writes a plain little-endian u32.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteUInt32(Span<byte> area, int offset, uint value) =>
            Unsafe.WriteUnaligned(ref At(area, offset, sizeof(uint)), LittleEndian(value));

        /// <summary>Reads a plain little-endian u64.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong ReadUInt64(Span<byte> area, int offset) =>
            LittleEndian(Unsafe.ReadUnaligned<ulong>(ref At(area, offset, sizeof(ulong))));

        /// <summary>Writes a plain little-endian u64.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteUInt64(Span<byte> area, int offset, ulong value) =>
            Unsafe.WriteUnaligned(ref At(area, offset, sizeof(ulong)), LittleEndian(value));

        /// <summary>Reads a little-endian u16 with acquire semantics from <paramref name="field"/> (2-aligned), for <see cref="MappedArea"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static ushort ReadUInt16Acquire(ref byte field) => LittleEndian(Volatile.Read(ref Unsafe.As<byte, ushort>(ref field)));

        /// <summary>Writes a little-endian u16 with release semantics to <paramref name="field"/> (2-aligned).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void WriteUInt16Release(ref byte field, ushort value) => Volatile.Write(ref Unsafe.As<byte, ushort>(ref field), LittleEndian(value));

        /// <summary>Reads a plain little-endian u16 at <paramref name="field"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static ushort ReadUInt16(ref byte field) => LittleEndian(Unsafe.ReadUnaligned<ushort>(ref field));

        /// <summary>Writes a plain little-endian u16 at <paramref name="field"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void WriteUInt16(ref byte field, ushort value) => Unsafe.WriteUnaligned(ref field, LittleEndian(value));

        /// <summary>Reads a plain little-endian u32 at <paramref name="field"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static uint ReadUInt32(ref byte field) => LittleEndian(Unsafe.ReadUnaligned<uint>(ref field));

        /// <summary>Writes a plain little-endian u32 at <paramref name="field"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void WriteUInt32(ref byte field, uint value) => Unsafe.WriteUnaligned(ref field, LittleEndian(value));

        /// <summary>Reads a plain little-endian u64 at <paramref name="field"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static ulong ReadUInt64(ref byte field) => LittleEndian(Unsafe.ReadUnaligned<ulong>(ref field));

        /// <summary>Writes a plain little-endian u64 at <paramref name="field"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void WriteUInt64(ref byte field, ulong value) => Unsafe.WriteUnaligned(ref field, LittleEndian(value));

        /// <summary>The byte at <paramref name="offset"/>, after checking that <paramref name="size"/> bytes from it lie in <paramref name="area"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ref byte At(Span<byte> area, int offset, int size)
        {
            if ((ulong)(uint)offset + (uint)size > (uint)area.Length)
            {
                ThrowOutsideArea();
            }

            return ref Unsafe.Add(ref MemoryMarshal.GetReference(area), (nint)(uint)offset);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ushort LittleEndian(ushort value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static uint LittleEndian(uint value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong LittleEndian(ulong value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowOutsideArea() =>
            throw new ArgumentOutOfRangeException("offset", "A ring field lies outside its mapped area.");
    }
}
