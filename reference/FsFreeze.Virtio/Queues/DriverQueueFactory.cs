using System;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Virtio.Queues
{
    /// <summary>
    /// The driver-side twin of <see cref="DeviceQueueFactory"/>: picks split or packed by the negotiated features,
    /// so a driver model never names a ring format.
    /// </summary>
    public static class DriverQueueFactory
    {
        /// <summary>
        /// Validates <paramref name="config"/>, zeroes the ring memory and creates the driver end for the negotiated
        /// ring format. Indirect tables (split ring with VIRTIO_F_INDIRECT_DESC) live at
        /// <paramref name="indirectArea"/>: <paramref name="indirectEntries"/> descriptors per head index.
        /// </summary>
        public static QueueError TryCreate(GuestMemory memory, QueueConfiguration config, ulong indirectArea, int indirectEntries, out IDriverQueue? queue)
        {
            ArgumentNullException.ThrowIfNull(memory);

            if (config.RingPacked)
            {
                // PACKED: replace the two lines below with the PackedQueueDriverEnd.TryCreate call once it exists.
                queue = null;
                return QueueError.RingFormatNotSupported;
            }

            QueueError error = SplitQueueDriverEnd.TryCreate(memory, config, out SplitQueueDriverEnd? split, indirectArea, indirectEntries);
            queue = split;
            return error;
        }
    }
}
