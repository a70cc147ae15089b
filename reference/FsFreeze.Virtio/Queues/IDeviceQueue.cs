using System;

namespace FsFreeze.Virtio.Queues
{
    /// <summary>
    /// The device end of a virtqueue, split or packed: it takes chains the driver made available and returns them
    /// as used. A malformed ring makes an operation return an error; the queue then latches
    /// <see cref="Error"/> and refuses further work, and the transport sets DEVICE_NEEDS_RESET.
    /// </summary>
    public interface IDeviceQueue
    {
        /// <summary>Queue Size.</summary>
        ushort Size { get; }

        /// <summary>The first error seen, or <see cref="QueueError.None"/>. Once set, the queue does nothing more.</summary>
        QueueError Error { get; }

        /// <summary>Chains popped and not yet marked used.</summary>
        int InFlightCount { get; }

        /// <summary>True when the driver has made at least one chain available that has not been popped.</summary>
        bool HasAvailable();

        /// <summary>
        /// Pops and validates the next available chain, its buffers stored in <paramref name="storage"/>.
        /// Returns false with <see cref="QueueError.None"/> when nothing is available, false with an error when
        /// the ring is malformed (the queue is then broken), true with a chain otherwise.
        /// </summary>
        bool TryPop(Span<ChainBuffer> storage, out DescriptorChain chain, out QueueError error);

        /// <summary>
        /// Marks a chain used, <paramref name="writtenLength"/> bytes having been written to its writable buffers,
        /// and publishes the used index.
        /// </summary>
        QueueError PushUsed(ChainToken chain, uint writtenLength);

        /// <summary>
        /// Decides whether the driver must get a used-buffer notification for what was pushed since the last call
        /// (NO_INTERRUPT flag, or VIRTIO_F_EVENT_IDX with used_event), and records the decision point.
        /// </summary>
        bool NeedsInterrupt();

        /// <summary>Asks the driver to suppress available-buffer notifications (used.flags NO_NOTIFY, or the packed DISABLE).</summary>
        void DisableNotifications();

        /// <summary>
        /// Asks the driver for available-buffer notifications again (or, with EVENT_IDX, at the next available
        /// index). Returns true when buffers became available meanwhile, so the caller must poll once more.
        /// </summary>
        bool EnableNotifications();
    }
}
