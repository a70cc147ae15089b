using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Transport
{
    /// <summary>An interrupt line that counts how often the transport raised it.</summary>
    public sealed class RecordingInterruptLine : IInterruptLine
    {
        /// <summary>Times raised.</summary>
        public int Count { get; private set; }

        /// <summary>InterruptStatus passed on the last raise.</summary>
        public MmioInterrupt Last { get; private set; }

        /// <inheritdoc />
        public void Raise(MmioInterrupt pending)
        {
            Count++;
            Last = pending;
        }
    }
}
