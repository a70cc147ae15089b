using System;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// Breaks FF-RING-3: the split device end counts the chains it consumed in an <c>int</c> and compares that with
    /// avail.idx, so once the 16-bit index wraps past 65535 it never sees another available chain.
    /// </summary>
    public sealed class SplitIndexWrapAsInt : KnownBadSplitRing
    {
        /// <summary>Creates it.</summary>
        public SplitIndexWrapAsInt()
            : base("bad-split-index-wrap-as-int")
        {
        }

        /// <inheritdoc />
        protected override IDeviceQueue WrapDevice(IDeviceQueue inner, GuestMemory memory, QueueConfiguration config, ushort startIndex) =>
            new DeviceEnd(inner, new SplitRingView(memory, config), startIndex);

        private sealed class DeviceEnd : DeviceQueueDecorator
        {
            private readonly SplitRingView _ring;
            private int _consumed;

            public DeviceEnd(IDeviceQueue inner, SplitRingView ring, ushort startIndex)
                : base(inner)
            {
                _ring = ring;
                _consumed = startIndex;
            }

            // The bug: an int never wraps, avail.idx does.
            public override bool HasAvailable() => _ring.AvailIdx > _consumed && Inner.HasAvailable();

            public override bool TryPop(Span<ChainBuffer> storage, out DescriptorChain chain, out QueueError error)
            {
                if (_ring.AvailIdx <= _consumed)
                {
                    chain = default;
                    error = Inner.Error;
                    return false;
                }

                bool popped = Inner.TryPop(storage, out chain, out error);
                if (popped)
                {
                    _consumed++;
                }

                return popped;
            }
        }
    }
}
