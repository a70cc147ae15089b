using System;

namespace FsFreeze.Virtio.Mmio
{
    /// <summary>
    /// The bits of InterruptStatus and InterruptACK (virtio 1.4 "MMIO Device Register Layout"; Linux
    /// <c>VIRTIO_MMIO_INT_VRING</c> and <c>VIRTIO_MMIO_INT_CONFIG</c>). Every other bit reads 0 (FF-MMIO-8).
    /// </summary>
    [Flags]
    public enum MmioInterrupt : uint
    {
        /// <summary>No interrupt pending.</summary>
        None = 0,

        /// <summary>Used Buffer Notification: the device used a buffer in at least one virtqueue.</summary>
        UsedBuffer = 1,

        /// <summary>Configuration Change Notification: the device configuration (or status: DEVICE_NEEDS_RESET) changed.</summary>
        ConfigurationChange = 2,
    }
}
