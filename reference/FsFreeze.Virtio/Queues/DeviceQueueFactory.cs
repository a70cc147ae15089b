using System;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues.Packed;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Virtio.Queues
{
    /// <summary>
    /// The one place that picks a device-end ring format: split, or packed when VIRTIO_F_RING_PACKED was negotiated
    /// (virtio 1.4 "Packed Virtqueues"). Transports create device ends only through here.
    /// </summary>
    public static class DeviceQueueFactory
    {
        /// <summary>
        /// Validates <paramref name="config"/> and creates the device end for the negotiated ring format, or
        /// returns the setup error (the transport answers it with DEVICE_NEEDS_RESET, FF-MMIO-6).
        /// </summary>
        public static QueueError TryCreate(GuestMemory memory, QueueConfiguration config, out IDeviceQueue? queue)
        {
            ArgumentNullException.ThrowIfNull(memory);

            if (config.RingPacked)
            {
                return Created(PackedQueueDeviceEnd.TryCreate(memory, config, out PackedQueueDeviceEnd? packed), packed, out queue);
            }

            return Created(SplitQueueDeviceEnd.TryCreate(memory, config, out SplitQueueDeviceEnd? split), split, out queue);
        }

        private static QueueError Created(QueueError error, IDeviceQueue? end, out IDeviceQueue? queue)
        {
            queue = error == QueueError.None ? end : null;
            return error;
        }
    }
}
