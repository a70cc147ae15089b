using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace FsFreeze.Virtio.Memory
{
    /// <summary>
    /// A <see cref="MappedArea"/> taken once at the start of a ring operation: its first byte and its length, held
    /// in two registers for the rest of the operation. Its accessors make no range check per call; the check that
    /// covers them was made once, at setup, as <see cref="MappedArea"/> explains. Debug builds assert each access.
    /// </summary>
    internal readonly ref struct RingView
    {
        private readonly ref byte _start;
        private readonly int _length;

        public RingView(ref byte start, int length)
        {
            _start = ref start;
            _length = length;
        }

        /// <summary>Reads the little-endian u16 at <paramref name="offset"/> with acquire semantics (see <see cref="RingAccess"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ushort ReadUInt16Acquire(int offset) => RingAccess.ReadUInt16Acquire(ref At(offset, sizeof(ushort)));

        /// <summary>Writes the little-endian u16 at <paramref name="offset"/> with release semantics.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void WriteUInt16Release(int offset, ushort value) => RingAccess.WriteUInt16Release(ref At(offset, sizeof(ushort)), value);

        /// <summary>Reads the little-endian u16 at <paramref name="offset"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ushort ReadUInt16(int offset) => RingAccess.ReadUInt16(ref At(offset, sizeof(ushort)));

        /// <summary>Writes the little-endian u16 at <paramref name="offset"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void WriteUInt16(int offset, ushort value) => RingAccess.WriteUInt16(ref At(offset, sizeof(ushort)), value);

        /// <summary>Reads the little-endian u32 at <paramref name="offset"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public uint ReadUInt32(int offset) => RingAccess.ReadUInt32(ref At(offset, sizeof(uint)));

        /// <summary>Writes the little-endian u32 at <paramref name="offset"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void WriteUInt32(int offset, uint value) => RingAccess.WriteUInt32(ref At(offset, sizeof(uint)), value);

        /// <summary>Reads the little-endian u64 at <paramref name="offset"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong ReadUInt64(int offset) => RingAccess.ReadUInt64(ref At(offset, sizeof(ulong)));

        /// <summary>Writes the little-endian u64 at <paramref name="offset"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void WriteUInt64(int offset, ulong value) => RingAccess.WriteUInt64(ref At(offset, sizeof(ulong)), value);

        /// <summary>The byte at <paramref name="offset"/>; the range was checked at setup (see <see cref="MappedArea"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private ref byte At(int offset, int size)
        {
            Debug.Assert((ulong)(uint)offset + (uint)size <= (uint)_length, "A ring field lies outside its mapped area.");
            return ref Unsafe.Add(ref _start, (nint)(uint)offset);
        }
    }
}
