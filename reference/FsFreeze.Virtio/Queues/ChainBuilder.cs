using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Queues
{
    /// <summary>
    /// Accumulates the buffers of a chain while a ring format walks it, applying the per-buffer rules that the
    /// split and the packed ring share (virtio 1.4 "Message Framing", "The Virtqueue Descriptor Table"): no
    /// zero-length buffer, every byte inside guest memory, device-writable buffers after all device-readable
    /// ones, a total below 2^32, and no more buffers than the storage holds.
    /// </summary>
    /// <remarks>
    /// It holds only the four running totals; the walker passes the guest memory and the storage to each call. Four
    /// scalar fields is what the JIT promotes to registers, so the walk every chain takes keeps them out of the
    /// stack frame (issue 9).
    /// </remarks>
    internal struct ChainBuilder
    {
        private ulong _readableLength;
        private ulong _writableLength;

        public int Count { get; private set; }

        public int ReadableCount { get; private set; }

        public readonly uint ReadableLength => (uint)_readableLength;

        public readonly uint WritableLength => (uint)_writableLength;

        /// <summary>The chain built so far in <paramref name="storage"/>, under <paramref name="id"/>, occupying <paramref name="descriptorCount"/> ring slots.</summary>
        public readonly DescriptorChain ToChain(Span<ChainBuffer> storage, ushort id, ushort descriptorCount) =>
            new(id, descriptorCount, storage.Slice(0, Count), ReadableCount, ReadableLength, WritableLength);

        /// <summary>Checks one buffer against <paramref name="memory"/> and the chain so far, and appends it to <paramref name="storage"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public QueueError Add(GuestMemory memory, Span<ChainBuffer> storage, ulong address, uint length, bool writable)
        {
            if (length == 0)
            {
                return QueueError.ZeroLengthBuffer;
            }

            if (!memory.IsValidRange(address, length))
            {
                return QueueError.BufferOutsideGuestMemory;
            }

            if (!writable && _writableLength != 0)
            {
                return QueueError.ReadableAfterWritable;
            }

            if (_readableLength + _writableLength + length > uint.MaxValue)
            {
                return QueueError.ChainLengthOverflow;
            }

            int count = Count;
            if ((uint)count >= (uint)storage.Length)
            {
                return QueueError.ChainTooLong;
            }

            // The check just above is the storage's bounds check.
            Unsafe.Add(ref MemoryMarshal.GetReference(storage), count) = new ChainBuffer(address, length, writable);
            Count = count + 1;
            if (writable)
            {
                _writableLength += length;
            }
            else
            {
                ReadableCount++;
                _readableLength += length;
            }

            return QueueError.None;
        }
    }
}
