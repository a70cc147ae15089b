using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// Breaks FF-RING-11: the split device end takes a chain holding a buffer of length zero instead of treating the ring as malformed.
    /// </summary>
    public sealed class SplitAcceptsZeroLength : KnownBadSplitRing
    {
        /// <summary>Creates it.</summary>
        public SplitAcceptsZeroLength()
            : base("bad-split-accepts-zero-length")
        {
        }

        /// <inheritdoc />
        protected override IDeviceQueue WrapDevice(IDeviceQueue inner, GuestMemory memory, QueueConfiguration config, ushort startIndex) =>
            new ForgivingSplitDeviceEnd(inner, new SplitRingView(memory, config), QueueError.ZeroLengthBuffer, startIndex);
    }
}
