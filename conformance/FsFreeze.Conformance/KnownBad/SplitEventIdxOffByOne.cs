using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// Breaks FF-RING-18: with EVENT_IDX the split device end evaluates <c>vring_need_event</c> without its "- 1",
    /// so it notifies only once used.idx has moved past used_event + 1, one entry late.
    /// </summary>
    public sealed class SplitEventIdxOffByOne : KnownBadSplitRing
    {
        /// <summary>Creates it.</summary>
        public SplitEventIdxOffByOne()
            : base("bad-split-event-idx-off-by-one")
        {
        }

        /// <inheritdoc />
        protected override IDeviceQueue WrapDevice(IDeviceQueue inner, GuestMemory memory, QueueConfiguration config, ushort startIndex) =>
            config.EventIdx ? new DeviceEnd(inner, new SplitRingView(memory, config), startIndex) : inner;

        private sealed class DeviceEnd : DeviceQueueDecorator
        {
            private readonly SplitRingView _ring;
            private ushort _signalled;

            public DeviceEnd(IDeviceQueue inner, SplitRingView ring, ushort startIndex)
                : base(inner)
            {
                _ring = ring;
                _signalled = startIndex;
            }

            public override bool NeedsInterrupt()
            {
                bool reference = Inner.NeedsInterrupt();
                ushort oldIdx = _signalled;
                ushort newIdx = _ring.UsedIdx;
                _signalled = newIdx;
                if (Inner.Error != QueueError.None || oldIdx == newIdx)
                {
                    return reference;
                }

                // The bug: (new - event - 1) < (new - old) with the "- 1" forgotten.
                return (ushort)(newIdx - _ring.UsedEvent) < (ushort)(newIdx - oldIdx);
            }
        }
    }
}
