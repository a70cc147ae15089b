using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FsFreeze.Virtio.Memory
{
    /// <summary>
    /// A range of guest memory that a queue maps once, when it is set up, and touches on every operation: the
    /// descriptor table or ring, the driver area and the device area (virtio 1.4 "Virtqueues"), mapped in one
    /// piece as QEMU maps them. Getting its span is the ring hot path's most frequent step, so an array-backed
    /// area keeps its array and offset and builds the span with one bounds check, instead of going through
    /// <see cref="Memory{T}.Span"/>'s type tests; any other backing (a shared mapping) uses the
    /// <see cref="Memory{T}"/> it came from.
    /// </summary>
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

        /// <summary>The mapped bytes.</summary>
        public Span<byte> Span
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => _array is not null ? new Span<byte>(_array, _start, _length) : _memory.Span;
        }
    }
}
