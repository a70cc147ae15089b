using System;

namespace FsFreeze.Virtio.Queues
{
    /// <summary>
    /// The driver end of a virtqueue, split or packed: it makes chains available and reclaims them when used.
    /// A used entry that breaks the spec is refused with an error and consumed, never trusted.
    /// </summary>
    public interface IDriverQueue
    {
        /// <summary>Queue Size.</summary>
        ushort Size { get; }

        /// <summary>Free descriptors (split) or free ring slots (packed).</summary>
        int FreeCount { get; }

        /// <summary>Chains made available and not yet reclaimed.</summary>
        int InFlightCount { get; }

        /// <summary>
        /// Adds a chain of device-readable buffers followed by device-writable ones and makes it available.
        /// With <paramref name="useIndirect"/> (and VIRTIO_F_INDIRECT_DESC) the buffers go into an indirect table.
        /// </summary>
        QueueError TryAdd(ReadOnlySpan<BufferSpec> readable, ReadOnlySpan<BufferSpec> writable, ulong token, bool useIndirect, out ushort id);

        /// <summary>
        /// Decides whether the device must be notified of what was added since the last call (used.flags
        /// NO_NOTIFY, or VIRTIO_F_EVENT_IDX with avail_event), as Linux's <c>virtqueue_kick_prepare</c>.
        /// </summary>
        bool NeedsNotification();

        /// <summary>True when the device has used at least one chain that was not reclaimed.</summary>
        bool HasUsed();

        /// <summary>
        /// Reclaims the next used chain. Returns false with <see cref="QueueError.None"/> when nothing is used;
        /// false with an error when the used entry breaks the spec (the entry is consumed and refused).
        /// </summary>
        bool TryReclaim(out UsedBuffer used, out QueueError error);

        /// <summary>Asks the device to suppress used-buffer notifications.</summary>
        void DisableInterrupts();

        /// <summary>
        /// Asks the device for used-buffer notifications again. Returns true when used buffers are already
        /// pending, so the caller must reclaim once more before waiting.
        /// </summary>
        bool EnableInterrupts();
    }
}
