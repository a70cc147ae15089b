using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FsFreeze.Virtio.Memory
{
    /// <summary>
    /// A range of guest memory that a queue maps once, when it is set up, and touches on every operation: the
    /// descriptor table or ring, the driver area and the device area (virtio 1.4 "Virtqueues"), mapped in one
    /// piece as QEMU maps them.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The field accessors (<see cref="View"/>, <see cref="RingView"/>) are the ring hot path's most frequent step,
    /// so they make no range check per call. The check is made once, at setup, and covers every offset the ring code
    /// passes: <c>SplitRingMapping.TryMap</c> and <c>PackedRingMapping.TryMap</c> map each area with the whole
    /// length its layout has for the negotiated Queue Size (descriptor table 16·N, available ring 6 + 2·N, used
    /// ring 6 + 8·N, packed ring 16·N, event suppression 4), and the ring ends only pass offsets of
    /// <c>SplitRingLayout</c> / <c>PackedRingLayout</c> for a slot below N: a slot masked with N - 1, a head or
    /// next index already refused when it is N or more (<c>QueueError.HeadIndexOutOfRange</c>,
    /// <c>QueueError.NextIndexOutOfRange</c>), a packed position that wraps at N, or an index from the driver's
    /// own free list. Debug builds assert each access against the mapped length (<see cref="RingView"/>).
    /// </para>
    /// <para>
    /// An array-backed area keeps its array and offset, so a field is one address computation from the array's
    /// data; any other backing (a shared mapping) goes through the <see cref="Memory{T}"/> it came from.
    /// </para>
    /// </remarks>
    internal readonly struct MappedArea
    {
        private readonly byte[]? _array;
        private readonly int _start;
        private readonly int _length;
        private readonly Memory<byte> _memory;

        public MappedArea(Memory<byte> memory)
        {
            _memory = memory;
            _length = memory.Length;
            if (MemoryMarshal.TryGetArray((ReadOnlyMemory<byte>)memory, out ArraySegment<byte> segment) && segment.Array is not null)
            {
                _array = segment.Array;
                _start = segment.Offset;
            }
        }

        /// <summary>Bytes mapped.</summary>
        public int Length => _length;

        /// <summary>The mapped bytes, for setup and for the paths that are not per chain.</summary>
        public Span<byte> Span
        {
            // No range check here: _start and _length were checked against the array once, when the area was
            // mapped (the Memory<byte> slice in GuestMemory.TryGetMemory), and an array never shrinks.
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => _array is not null
                ? MemoryMarshal.CreateSpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), (nint)(uint)_start), _length)
                : _memory.Span;
        }

        /// <summary>
        /// The area for one ring operation: take it once at the start, then read and write its fields through it
        /// (one address computation here, none per field).
        /// </summary>
        public RingView View
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => _array is not null
                ? new RingView(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), (nint)(uint)_start), _length)
                : OtherBackingView();
        }

        /// <summary>Reads the little-endian u16 at <paramref name="offset"/> with acquire semantics (one access; see <see cref="View"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ushort ReadUInt16Acquire(int offset) => View.ReadUInt16Acquire(offset);

        /// <summary>Reads the little-endian u16 at <paramref name="offset"/> (one access).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ushort ReadUInt16(int offset) => View.ReadUInt16(offset);

        /// <summary>Writes the little-endian u16 at <paramref name="offset"/> (one access).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void WriteUInt16(int offset, ushort value) => View.WriteUInt16(offset, value);

        /// <summary>Writes the little-endian u16 at <paramref name="offset"/> with release semantics (one access).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void WriteUInt16Release(int offset, ushort value) => View.WriteUInt16Release(offset, value);

        /// <summary>A shared mapping's view, out of line so the array path every in-process queue takes stays small.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private RingView OtherBackingView() => new(ref MemoryMarshal.GetReference(_memory.Span), _length);
    }
}
