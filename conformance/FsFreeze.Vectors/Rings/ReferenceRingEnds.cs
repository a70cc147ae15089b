using System;
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

        /// <summary>
        /// The reference packed ring (PackedQueueDriverEnd and PackedQueueDeviceEnd), created through the queue
        /// factories as a transport and a driver create them: <c>config</c> carries VIRTIO_F_RING_PACKED
        /// (<see cref="RingConfig.Create"/> sets it), so the factories pick the packed ends.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="startIndex"/> is not 0: a packed ring has no
        /// free-running index to resume from, both ends start at slot 0 with wrap counters 1 (FF-RING-22).</exception>
        internal static QueueError Packed(GuestMemory memory, QueueConfiguration config, ushort startIndex, ulong indirectArea, int indirectEntries, out IDriverQueue? driver, out IDeviceQueue? device)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(startIndex, (ushort)0);
            if (!config.RingPacked)
            {
                throw new ArgumentException("a packed scenario must negotiate VIRTIO_F_RING_PACKED", nameof(config));
            }

            device = null;
            QueueError error = DriverQueueFactory.TryCreate(memory, config, indirectArea, indirectEntries, out driver);
            return error != QueueError.None ? error : DeviceQueueFactory.TryCreate(memory, config, out device);
        }
    }
}
