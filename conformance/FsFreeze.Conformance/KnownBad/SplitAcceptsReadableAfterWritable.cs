using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// Breaks FF-RING-9: the split device end takes a chain with a device-readable descriptor after a device-writable one.
    /// </summary>
    public sealed class SplitAcceptsReadableAfterWritable : KnownBadSplitRing
    {
        /// <summary>Creates it.</summary>
        public SplitAcceptsReadableAfterWritable()
            : base("bad-split-accepts-readable-after-writable")
        {
        }

        /// <inheritdoc />
        protected override IDeviceQueue WrapDevice(IDeviceQueue inner, GuestMemory memory, QueueConfiguration config, ushort startIndex) =>
            new ForgivingSplitDeviceEnd(inner, new SplitRingView(memory, config), QueueError.ReadableAfterWritable, startIndex);
    }
}
