using System;
using System.Buffers;

namespace FsFreeze.VhostUser.Native
{
    /// <summary>
    /// A MAP_SHARED mapping of a file descriptor (a SET_MEM_TABLE region, or the front-end's own memfd), exposed as
    /// <see cref="Memory{T}"/> so it can back a <see cref="Virtio.Memory.GuestMemoryRegion"/>. The owner disposes it
    /// only once nothing reads the guest memory over it any more.
    /// </summary>
    public sealed unsafe class SharedMapping : MemoryManager<byte>
    {
        private readonly byte* _base;
        private readonly nuint _length;
        private bool _unmapped;

        private SharedMapping(byte* address, nuint length)
        {
            _base = address;
            _length = length;
        }

        /// <summary>Bytes mapped.</summary>
        public long Length => (long)_length;

        /// <summary>Maps <paramref name="length"/> bytes of <paramref name="fd"/> from offset 0, read-write and shared.</summary>
        public static SharedMapping Map(FileDescriptor fd, long length)
        {
            ArgumentNullException.ThrowIfNull(fd);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);

            void* address = LibC.mmap(null, (nuint)length, LibC.ProtRead | LibC.ProtWrite, LibC.MapShared, fd.Fd, 0);
            if (address == (void*)-1)
            {
                FileDescriptor.Check(-1, "mmap");
            }

            return new SharedMapping((byte*)address, (nuint)length);
        }

        /// <summary>A view of <paramref name="length"/> bytes at <paramref name="offset"/> (at most 2 GiB: one <see cref="Memory{T}"/>).</summary>
        public Memory<byte> Slice(long offset, int length)
        {
            if (offset < 0 || length < 0 || (ulong)offset + (ulong)length > _length)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }

            return new Window(this, offset, length).Memory;
        }

        /// <inheritdoc />
        public override Span<byte> GetSpan()
        {
            ObjectDisposedException.ThrowIf(_unmapped, this);
            return new Span<byte>(_base, (int)Math.Min(_length, int.MaxValue));
        }

        /// <inheritdoc />
        public override MemoryHandle Pin(int elementIndex = 0) => new(_base + elementIndex);

        /// <inheritdoc />
        public override void Unpin()
        {
        }

        /// <inheritdoc />
        protected override void Dispose(bool disposing)
        {
            if (!_unmapped)
            {
                _unmapped = true;
                _ = LibC.munmap(_base, _length);
            }
        }

        /// <summary>A sub-range of the mapping as its own manager (Memory&lt;byte&gt; holds an int offset and length).</summary>
        private sealed class Window : MemoryManager<byte>
        {
            private readonly SharedMapping _owner;
            private readonly long _offset;
            private readonly int _length;

            public Window(SharedMapping owner, long offset, int length)
            {
                _owner = owner;
                _offset = offset;
                _length = length;
            }

            public override Span<byte> GetSpan()
            {
                ObjectDisposedException.ThrowIf(_owner._unmapped, _owner);
                return new Span<byte>(_owner._base + _offset, _length);
            }

            public override MemoryHandle Pin(int elementIndex = 0) => new(_owner._base + _offset + elementIndex);

            public override void Unpin()
            {
            }

            protected override void Dispose(bool disposing)
            {
            }
        }
    }
}
