using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// Breaks FF-RING-15: the split device end writes each used element with its id and len fields swapped, as a
    /// device with a wrong struct layout for <c>vring_used_elem</c> would.
    /// </summary>
    public sealed class SplitUsedIdLenSwapped : KnownBadSplitRing
    {
        /// <summary>Creates it.</summary>
        public SplitUsedIdLenSwapped()
            : base("bad-split-used-id-len-swapped")
        {
        }

        /// <inheritdoc />
        protected override IDeviceQueue WrapDevice(IDeviceQueue inner, GuestMemory memory, QueueConfiguration config, ushort startIndex) =>
            new DeviceEnd(inner, new SplitRingView(memory, config));

        private sealed class DeviceEnd : DeviceQueueDecorator
        {
            private readonly SplitRingView _ring;

            public DeviceEnd(IDeviceQueue inner, SplitRingView ring)
                : base(inner) => _ring = ring;

            public override QueueError PushUsed(ChainToken chain, uint writtenLength)
            {
                QueueError error = Inner.PushUsed(chain, writtenLength);
                if (error == QueueError.None)
                {
                    // The bug: the element just published carries len where id belongs and id where len belongs.
                    ulong element = _ring.UsedElement((ushort)(_ring.UsedIdx - 1));
                    uint id = _ring.Read32(element);
                    _ring.Write32(element, _ring.Read32(element + 4));
                    _ring.Write32(element + 4, id);
                }

                return error;
            }
        }
    }
}
