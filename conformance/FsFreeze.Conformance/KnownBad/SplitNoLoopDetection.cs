using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// Breaks FF-RING-8: the split device end has no loop detection; it follows a looped chain's NEXT links until a cap of 65536 steps and hands over what it collected.
    /// </summary>
    public sealed class SplitNoLoopDetection : KnownBadSplitRing
    {
        /// <summary>Creates it.</summary>
        public SplitNoLoopDetection()
            : base("bad-split-no-loop-detection")
        {
        }

        /// <inheritdoc />
        protected override IDeviceQueue WrapDevice(IDeviceQueue inner, GuestMemory memory, QueueConfiguration config, ushort startIndex) =>
            new ForgivingSplitDeviceEnd(inner, new SplitRingView(memory, config), QueueError.ChainLoop, startIndex);
    }
}
