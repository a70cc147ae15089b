namespace FsFreeze.Guest.Driver
{
    /// <summary>Why <see cref="FsFreezeDriver.Probe"/> bound the device or gave up.</summary>
    public enum ProbeOutcome
    {
        /// <summary>DRIVER_OK is set and request buffers are posted.</summary>
        Bound = 0,

        /// <summary>Not a virtio-mmio version 2 device (MagicValue or Version wrong); nothing written.</summary>
        NotVirtioMmio,

        /// <summary>DeviceID is not 65535 (FF-DRV-1); nothing written.</summary>
        WrongDeviceId,

        /// <summary>Status did not read 0 after the reset write.</summary>
        ResetFailed,

        /// <summary>VIRTIO_F_VERSION_1 not offered, or FEATURES_OK did not stick; FAILED set.</summary>
        FeaturesRefused,

        /// <summary>The configuration kept changing or broke FF-DEV-5; FAILED set.</summary>
        BadConfiguration,

        /// <summary>A queue could not be set up (missing, too small, no memory, refused); FAILED set, nothing frozen (FF-DRV-7).</summary>
        QueueSetupFailed,

        /// <summary>The device set DEVICE_NEEDS_RESET during initialisation; FAILED set.</summary>
        DeviceNeedsReset,
    }
}
