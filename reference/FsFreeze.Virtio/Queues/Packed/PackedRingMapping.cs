using System;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Queues.Packed
{
    /// <summary>Validates a packed queue's configuration and maps its three areas, for either end (spec FF-RING-21).</summary>
    internal static class PackedRingMapping
    {
        public static QueueError TryMap(GuestMemory memory, QueueConfiguration config, out MappedArea descriptors, out MappedArea driverEvent, out MappedArea deviceEvent)
        {
            descriptors = driverEvent = deviceEvent = default;
            int size = config.Size;
            if (!PackedRingLayout.IsValidQueueSize(size))
            {
                return QueueError.InvalidQueueSize;
            }

            if (config.DescriptorArea % PackedRingLayout.DescriptorRingAlignment != 0
                || config.DriverArea % PackedRingLayout.EventSuppressionAlignment != 0
                || config.DeviceArea % PackedRingLayout.EventSuppressionAlignment != 0)
            {
                return QueueError.MisalignedRing;
            }

            if (!memory.TryMapArea(config.DescriptorArea, (ulong)PackedRingLayout.DescriptorRingSize(size), out descriptors)
                || !memory.TryMapArea(config.DriverArea, PackedRingLayout.EventSuppressionSize, out driverEvent)
                || !memory.TryMapArea(config.DeviceArea, PackedRingLayout.EventSuppressionSize, out deviceEvent))
            {
                return QueueError.RingOutsideGuestMemory;
            }

            return QueueError.None;
        }
    }
}
