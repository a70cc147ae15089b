using System;

namespace FsFreeze.Virtio.Common
{
    /// <summary>The Device Status field, virtio 1.4 "Device Status Field". Writing 0 resets the device.</summary>
    [Flags]
    public enum DeviceStatus : byte
    {
        /// <summary>Reset state.</summary>
        None = 0,

        /// <summary>The guest has found the device and recognised it as a valid virtio device.</summary>
        Acknowledge = 1,

        /// <summary>The guest knows how to drive the device.</summary>
        Driver = 2,

        /// <summary>The driver is set up and ready to drive the device.</summary>
        DriverOk = 4,

        /// <summary>The driver has acknowledged the features it understands; feature negotiation is complete.</summary>
        FeaturesOk = 8,

        /// <summary>VIRTIO_F_SUSPEND's status bit (not used by this core; listed so the value is not reused).</summary>
        Suspend = 16,

        /// <summary>The device has hit an error from which it cannot recover without a reset.</summary>
        DeviceNeedsReset = 64,

        /// <summary>Something went wrong in the guest and it has given up on the device.</summary>
        Failed = 128,
    }
}
