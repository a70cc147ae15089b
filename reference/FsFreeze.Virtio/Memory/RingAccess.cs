using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
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
    public static class RingAccess
    {
        /// <summary>Reads a little-endian u16 with acquire semantics. <paramref name="offset"/> must be 2-aligned in the mapping.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ushort ReadUInt16Acquire(Span<byte> area, int offset)
        {
            ref ushort field = ref Unsafe.As<byte, ushort>(ref area.Slice(offset, sizeof(ushort))[0]);
            ushort raw = Volatile.Read(ref field);
            return BitConverter.IsLittleEndian ? raw : BinaryPrimitives.ReverseEndianness(raw);
        }

        /// <summary>Writes a little-endian u16 with release semantics.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteUInt16Release(Span<byte> area, int offset, ushort value)
        {
            ref ushort field = ref Unsafe.As<byte, ushort>(ref area.Slice(offset, sizeof(ushort))[0]);
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
        public static ushort ReadUInt16(Span<byte> area, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(area.Slice(offset));

        /// <summary>Writes a plain little-endian u16.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteUInt16(Span<byte> area, int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(area.Slice(offset), value);

        /// <summary>Reads a plain little-endian u32.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static uint ReadUInt32(Span<byte> area, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(area.Slice(offset));

        /// <summary>Writes a plain little-endian u32.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteUInt32(Span<byte> area, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(area.Slice(offset), value);

        /// <summary>Reads a plain little-endian u64.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong ReadUInt64(Span<byte> area, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(area.Slice(offset));

        /// <summary>Writes a plain little-endian u64.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void WriteUInt64(Span<byte> area, int offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(area.Slice(offset), value);
    }
}
