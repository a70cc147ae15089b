using System;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues.Packed;
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
        /// ring format. Indirect tables (with VIRTIO_F_INDIRECT_DESC) live at <paramref name="indirectArea"/>:
        /// <paramref name="indirectEntries"/> descriptors per head index (split) or buffer ID (packed).
        /// </summary>
        public static QueueError TryCreate(GuestMemory memory, QueueConfiguration config, ulong indirectArea, int indirectEntries, out IDriverQueue? queue)
        {
            ArgumentNullException.ThrowIfNull(memory);

            if (config.RingPacked)
            {
                return Created(PackedQueueDriverEnd.TryCreate(memory, config, out PackedQueueDriverEnd? packed, indirectArea, indirectEntries), packed, out queue);
            }

            return Created(SplitQueueDriverEnd.TryCreate(memory, config, out SplitQueueDriverEnd? split, indirectArea, indirectEntries), split, out queue);
        }

        private static QueueError Created(QueueError error, IDriverQueue? end, out IDriverQueue? queue)
        {
            queue = error == QueueError.None ? end : null;
            return error;
        }
    }
}
