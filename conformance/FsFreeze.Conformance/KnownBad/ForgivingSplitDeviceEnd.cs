using System;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// A split device end that misses one kind of malformed chain: when the reference refuses a chain for
    /// <c>forgiven</c>, this end hands the chain to the device anyway, walking it naively (following NEXT with no
    /// validation, bounded only by <see cref="StepCap"/> so a looped chain cannot hang the suite), and hides the
    /// error. Every other chain goes through the reference unchanged.
    /// </summary>
    public sealed class ForgivingSplitDeviceEnd : DeviceQueueDecorator
    {
        /// <summary>The naive walk's bound: far above any Queue Size, so it is no loop detection.</summary>
        public const int StepCap = 1 << 16;

        private readonly SplitRingView _ring;
        private readonly QueueError _forgiven;
        private ushort _lastAvail;
        private bool _forgave;

        /// <summary>Wraps <paramref name="inner"/>, forgiving <paramref name="forgiven"/>.</summary>
        public ForgivingSplitDeviceEnd(IDeviceQueue inner, SplitRingView ring, QueueError forgiven, ushort startIndex)
            : base(inner)
        {
            _ring = ring;
            _forgiven = forgiven;
            _lastAvail = startIndex;
        }

        /// <inheritdoc />
        public override QueueError Error => _forgave ? QueueError.None : Inner.Error;

        /// <inheritdoc />
        public override bool HasAvailable() => _forgave ? _ring.AvailIdx != _lastAvail : Inner.HasAvailable();

        /// <inheritdoc />
        public override bool NeedsInterrupt() => !_forgave && Inner.NeedsInterrupt();

        /// <inheritdoc />
        public override bool TryPop(Span<ChainBuffer> storage, out DescriptorChain chain, out QueueError error)
        {
            ushort head = _ring.AvailHead(_lastAvail);
            if (!_forgave)
            {
                if (Inner.TryPop(storage, out chain, out error))
                {
                    _lastAvail++;
                    return true;
                }

                if (error != _forgiven)
                {
                    return false;
                }
            }

            // Past a forgiven error the reference is latched broken, so this end keeps going on its own.
            _forgave = true;
            error = QueueError.None;
            if (_ring.AvailIdx == _lastAvail)
            {
                chain = default;
                return false;
            }

            _lastAvail++;
            chain = NaiveWalk(head, storage);
            return true;
        }

        private DescriptorChain NaiveWalk(ushort head, Span<ChainBuffer> storage)
        {
            int count = 0;
            int readable = 0;
            uint readableLength = 0;
            uint writableLength = 0;
            int index = head % Size;
            for (int step = 0; step < StepCap; step++)
            {
                var (address, length, flags, next) = _ring.Descriptor(index);
                bool writable = (flags & DescriptorFlags.Write) != 0;
                if (count < storage.Length)
                {
                    storage[count++] = new ChainBuffer(address, length, writable);
                    readable += writable ? 0 : 1;
                    readableLength += writable ? 0 : length;
                    writableLength += writable ? length : 0;
                }

                if ((flags & DescriptorFlags.Next) == 0)
                {
                    break;
                }

                index = next % Size;
            }

            return new DescriptorChain(head, (ushort)count, storage[..count], readable, readableLength, writableLength);
        }
    }
}
