using FsFreeze.Virtio.Queues;

namespace FsFreeze.Virtio.Devices
{
    /// <summary>
    /// Why a device set DEVICE_NEEDS_RESET (virtio 1.4 "Device Status Field"; FF-INIT-7, FF-MMIO-6): the queue
    /// involved (or -1) and the ring error, or <see cref="QueueError.None"/> for a device-reported error that is
    /// not a ring's. Kept for diagnostics and tests; the driver only sees the status bit.
    /// </summary>
    /// <param name="QueueIndex">The virtqueue at fault, or -1 when the error is not a queue's.</param>
    /// <param name="Error">The ring error, or <see cref="QueueError.None"/>.</param>
    public readonly record struct DeviceFault(int QueueIndex, QueueError Error);
}
