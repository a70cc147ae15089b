using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// Breaks FF-RING-17: without EVENT_IDX the split device end asks for a used-buffer notification after every
    /// push, ignoring the driver's NO_INTERRUPT flag.
    /// </summary>
    public sealed class SplitInterruptsDespiteNoInterrupt : KnownBadSplitRing
    {
        /// <summary>Creates it.</summary>
        public SplitInterruptsDespiteNoInterrupt()
            : base("bad-split-interrupts-despite-no-interrupt")
        {
        }

        /// <inheritdoc />
        protected override IDeviceQueue WrapDevice(IDeviceQueue inner, GuestMemory memory, QueueConfiguration config, ushort startIndex) =>
            config.EventIdx ? inner : new DeviceEnd(inner, new SplitRingView(memory, config), startIndex);

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
                // The reference still runs so its own bookkeeping stays in step; its answer is thrown away.
                Inner.NeedsInterrupt();
                ushort now = _ring.UsedIdx;
                bool pushed = now != _signalled;
                _signalled = now;
                return pushed && Inner.Error == QueueError.None;
            }
        }
    }
}
