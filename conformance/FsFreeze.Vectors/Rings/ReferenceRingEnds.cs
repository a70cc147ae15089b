using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Vectors.Rings
{
    /// <summary>The reference implementation's ring ends, the source of truth the vectors are generated from.</summary>
    internal static class ReferenceRingEnds
    {
        /// <summary>The reference split ring (SplitQueueDriverEnd and SplitQueueDeviceEnd).</summary>
        internal static QueueError Split(GuestMemory memory, QueueConfiguration config, ushort startIndex, ulong indirectArea, int indirectEntries, out IDriverQueue? driver, out IDeviceQueue? device)
        {
            driver = null;
            device = null;
            QueueError error = SplitQueueDriverEnd.TryCreate(memory, config, startIndex, out SplitQueueDriverEnd? driverEnd, indirectArea, indirectEntries);
            if (error != QueueError.None)
            {
                return error;
            }

            error = SplitQueueDeviceEnd.TryCreate(memory, config, startIndex, startIndex, out SplitQueueDeviceEnd? deviceEnd);
            driver = driverEnd;
            device = deviceEnd;
            return error;
        }

        // PACKED: add `Packed` here (PackedQueueDriverEnd / PackedQueueDeviceEnd.TryCreate) once the packed ring lands.
    }
}
