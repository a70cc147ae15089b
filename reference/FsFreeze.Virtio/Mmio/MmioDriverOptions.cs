namespace FsFreeze.Virtio.Mmio
{
    /// <summary>What a driver asks of <see cref="MmioDriverSession.TryInitialize"/>.</summary>
    public sealed class MmioDriverOptions
    {
        /// <summary>
        /// Features the driver understands. The session accepts their intersection with the offer; VIRTIO_F_VERSION_1
        /// is always accepted, since a non-legacy driver MUST accept it (virtio 1.4 "Device Initialization").
        /// </summary>
        public ulong SupportedFeatures { get; init; }

        /// <summary>How many virtqueues to set up, from index 0.</summary>
        public int QueueCount { get; init; } = 1;

        /// <summary>Upper bound on each queue's size; the session uses min(this, QueueSizeMax), rounded down to a power of two.</summary>
        public ushort MaxQueueSize { get; init; } = 256;

        /// <summary>Indirect table entries per head, used when VIRTIO_F_INDIRECT_DESC is negotiated (0: never indirect).</summary>
        public int IndirectEntries { get; init; }
    }
}
