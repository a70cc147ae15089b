using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// Breaks FF-RING-22: the packed device end never toggles its used wrap counter, so from the second lap on it
    /// marks used descriptors with the first lap's AVAIL/USED bits and the driver never sees them used.
    /// </summary>
    public sealed class PackedUsedWrapNeverToggles : KnownBadRing
    {
        /// <summary>Creates it.</summary>
        public PackedUsedWrapNeverToggles()
            : base("bad-packed-used-wrap-never-toggles", packed: true)
        {
        }

        /// <inheritdoc />
        protected override IDeviceQueue WrapDevice(IDeviceQueue inner, GuestMemory memory, QueueConfiguration config, ushort startIndex) =>
            new DeviceEnd(inner, memory, config);

        private sealed class DeviceEnd : DeviceQueueDecorator
        {
            private readonly GuestMemory _memory;
            private readonly QueueConfiguration _config;
            private int _nextUsed;
            private bool _wrapCounter = true;

            public DeviceEnd(IDeviceQueue inner, GuestMemory memory, QueueConfiguration config)
                : base(inner)
            {
                _memory = memory;
                _config = config;
            }

            public override QueueError PushUsed(ChainToken chain, uint writtenLength)
            {
                QueueError error = Inner.PushUsed(chain, writtenLength);
                if (error != QueueError.None)
                {
                    return error;
                }

                // Follow the slot the reference wrote (it skips the chain's whole length), then undo its toggle.
                ulong flagsAt = _config.DescriptorArea + (ulong)PackedRingLayout.DescriptorOffset(_nextUsed) + PackedRingLayout.DescriptorFlagsOffset;
                if (!_wrapCounter && _memory.TryReadUInt16(flagsAt, out ushort flags))
                {
                    ushort firstLap = (ushort)PackedRingLayout.UsedFlags(true);
                    _memory.TryWriteUInt16(flagsAt, (ushort)((flags & ~firstLap) | firstLap));
                }

                _nextUsed += chain.DescriptorCount;
                if (_nextUsed >= Size)
                {
                    _nextUsed -= Size;
                    _wrapCounter = !_wrapCounter;
                }

                return error;
            }
        }
    }
}
