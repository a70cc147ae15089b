using System;
using System.Collections.Generic;

namespace FsFreeze.Device.BlockLayer
{
    /// <summary>
    /// A virtual disk with a byte image and the requests the guest has submitted. Requests are accepted into a
    /// queue, move in flight, and complete one at a time when the simulation says so. Blocking the disk (what a
    /// VMM does around a snapshot, QEMU's drained section) stops requests from entering flight; they wait,
    /// accepted but untouched, until the disk resumes. A disk is drained when it is blocked and nothing is in
    /// flight: its image is then stable and can be copied (FF-HOST-4, FF-HOST-5).
    /// </summary>
    public sealed class VirtualDisk : Snapshot.ISnapshotDisk
    {
        private readonly byte[] _image;
        private readonly Queue<BlockRequest> _waiting = new();
        private readonly List<BlockRequest> _inFlight = new();
        private long _nextId;

        /// <summary>Creates a disk named <paramref name="name"/> of <paramref name="size"/> zero bytes.</summary>
        public VirtualDisk(string name, int size)
        {
            Name = name;
            _image = new byte[size];
        }

        /// <summary>The disk's name.</summary>
        public string Name { get; }

        /// <summary>Image size in bytes.</summary>
        public int Size => _image.Length;

        /// <summary>True while block I/O is blocked.</summary>
        public bool IsBlocked { get; private set; }

        /// <summary>True when blocked with nothing in flight: the image can be copied.</summary>
        public bool IsDrained => IsBlocked && _inFlight.Count == 0;

        /// <summary>Requests in flight.</summary>
        public int InFlightCount => _inFlight.Count;

        /// <summary>Requests accepted but held back by the block.</summary>
        public int WaitingCount => _waiting.Count;

        /// <summary>Requests completed so far.</summary>
        public long CompletedCount { get; private set; }

        /// <summary>Accepts a write of <paramref name="data"/> at <paramref name="offset"/>.</summary>
        public BlockRequest SubmitWrite(long offset, byte[] data) => Submit(BlockRequestKind.Write, offset, data);

        /// <summary>Accepts a read of <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
        public BlockRequest SubmitRead(long offset, int length) => Submit(BlockRequestKind.Read, offset, new byte[length]);

        /// <summary>Accepts a flush.</summary>
        public BlockRequest SubmitFlush() => Submit(BlockRequestKind.Flush, 0, Array.Empty<byte>());

        /// <summary>
        /// Completes the in-flight request at <paramref name="index"/> (the simulation picks which, so completions
        /// can come out of order as on real hardware). Returns the request, or null when nothing is in flight.
        /// </summary>
        public BlockRequest? CompleteOne(int index = 0)
        {
            if (_inFlight.Count == 0)
            {
                return null;
            }

            BlockRequest request = _inFlight[index % _inFlight.Count];
            _inFlight.Remove(request);
            switch (request.Kind)
            {
                case BlockRequestKind.Write:
                    request.Data.CopyTo(_image.AsSpan(checked((int)request.Offset)));
                    break;
                case BlockRequestKind.Read:
                    _image.AsSpan(checked((int)request.Offset), request.Data.Length).CopyTo(request.Data);
                    break;
                default:
                    break;
            }

            request.IsCompleted = true;
            request.CompletionCount++;
            CompletedCount++;
            return request;
        }

        /// <summary>Completes everything in flight, in order. Returns how many completed.</summary>
        public int CompleteAll()
        {
            int count = 0;
            while (CompleteOne() is not null)
            {
                count++;
            }

            return count;
        }

        /// <summary>Blocks new requests from entering flight; those in flight still complete.</summary>
        public void Block() => IsBlocked = true;

        /// <summary>Lifts the block: requests held back enter flight in the order they were accepted.</summary>
        public void Resume()
        {
            IsBlocked = false;
            while (_waiting.Count > 0)
            {
                _inFlight.Add(_waiting.Dequeue());
            }
        }

        /// <summary>A copy of the image as it is now (a snapshot is only consistent when <see cref="IsDrained"/>).</summary>
        public byte[] CopyImage() => (byte[])_image.Clone();

        /// <inheritdoc />
        public Snapshot.DiskCopy Copy() => new(Name, CopyImage());

        /// <summary>Reads the image directly (for checks, not a guest request).</summary>
        public ReadOnlySpan<byte> Image => _image;

        private BlockRequest Submit(BlockRequestKind kind, long offset, byte[] data)
        {
            ArgumentNullException.ThrowIfNull(data);
            if (offset < 0 || offset + data.Length > _image.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(offset), "The request lies outside the image.");
            }

            var request = new BlockRequest(_nextId++, kind, offset, data);
            if (IsBlocked)
            {
                _waiting.Enqueue(request);
            }
            else
            {
                _inFlight.Add(request);
            }

            return request;
        }
    }
}
