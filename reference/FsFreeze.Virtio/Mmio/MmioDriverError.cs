namespace FsFreeze.Virtio.Mmio
{
    /// <summary>Why <see cref="MmioDriverSession.TryInitialize"/> gave up (virtio 1.4 "Device Initialization", MMIO "Device Initialization").</summary>
    public enum MmioDriverError
    {
        /// <summary>The device is initialised and DRIVER_OK is set.</summary>
        None = 0,

        /// <summary>MagicValue is not 0x74726976: no virtio-mmio device here.</summary>
        BadMagic,

        /// <summary>Version is not 2 (1 is the legacy interface this driver does not speak).</summary>
        UnsupportedVersion,

        /// <summary>DeviceID is 0: a placeholder the driver ignores.</summary>
        NoDevice,

        /// <summary>Status did not read 0 after the reset write.</summary>
        ResetFailed,

        /// <summary>The device does not offer VIRTIO_F_VERSION_1.</summary>
        Version1NotOffered,

        /// <summary>FEATURES_OK did not stick: the device refused the feature subset.</summary>
        FeaturesRefused,

        /// <summary>A virtqueue the driver needs reads QueueSizeMax 0, or was already ready.</summary>
        QueueNotAvailable,

        /// <summary>The allocator had no room for a queue's areas.</summary>
        OutOfGuestMemory,

        /// <summary>The driver end refused the queue configuration.</summary>
        QueueSetupFailed,

        /// <summary>The device set DEVICE_NEEDS_RESET (or left QueueReady 0) during setup.</summary>
        DeviceNeedsReset,
    }
}
