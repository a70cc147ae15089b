using System;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Queues.Split
{
    /// <summary>Validates a split queue's configuration and maps its three areas, for either end.</summary>
    internal static class SplitRingMapping
    {
        public static QueueError TryMap(GuestMemory memory, QueueConfiguration config, out MappedArea descriptors, out MappedArea avail, out MappedArea used)
        {
            descriptors = avail = used = default;
            int size = config.Size;
            if (!SplitRingLayout.IsValidQueueSize(size))
            {
                return QueueError.InvalidQueueSize;
            }

            if (config.DescriptorArea % SplitRingLayout.DescriptorTableAlignment != 0
                || config.DriverArea % SplitRingLayout.AvailRingAlignment != 0
                || config.DeviceArea % SplitRingLayout.UsedRingAlignment != 0)
            {
                return QueueError.MisalignedRing;
            }

            // The event fields are mapped whether or not EVENT_IDX is negotiated (as rust-vmm's is_valid does).
            if (!memory.TryMapArea(config.DescriptorArea, (ulong)SplitRingLayout.DescriptorTableSize(size), out descriptors)
                || !memory.TryMapArea(config.DriverArea, (ulong)SplitRingLayout.AvailRingSize(size), out avail)
                || !memory.TryMapArea(config.DeviceArea, (ulong)SplitRingLayout.UsedRingSize(size), out used))
            {
                return QueueError.RingOutsideGuestMemory;
            }

            return QueueError.None;
        }
    }
}
