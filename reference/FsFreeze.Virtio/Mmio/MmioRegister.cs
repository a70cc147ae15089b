using System.Collections.Generic;

namespace FsFreeze.Virtio.Mmio
{
    /// <summary>
    /// Offsets of the virtio-mmio version 2 registers (virtio 1.4 "MMIO Device Register Layout"; FF-MMIO-1), with the
    /// spec's names. Linux &lt;linux/virtio_mmio.h&gt; calls QueueSizeMax QUEUE_NUM_MAX, QueueSize QUEUE_NUM,
    /// QueueDriver QUEUE_AVAIL and QueueDevice QUEUE_USED.
    /// </summary>
    public static class MmioRegister
    {
        /// <summary>MagicValue: reads 0x74726976, "virt" in little-endian ASCII.</summary>
        public const ulong MagicValue = 0x000;

        /// <summary>Version: reads 2 for the non-legacy interface.</summary>
        public const ulong Version = 0x004;

        /// <summary>DeviceID: the virtio device type; 0 is a placeholder the driver ignores.</summary>
        public const ulong DeviceId = 0x008;

        /// <summary>VendorID.</summary>
        public const ulong VendorId = 0x00c;

        /// <summary>DeviceFeatures: 32 bits of the offered features, selected by DeviceFeaturesSel.</summary>
        public const ulong DeviceFeatures = 0x010;

        /// <summary>DeviceFeaturesSel: which 32-bit window DeviceFeatures shows.</summary>
        public const ulong DeviceFeaturesSel = 0x014;

        /// <summary>DriverFeatures: 32 bits of the accepted features, selected by DriverFeaturesSel.</summary>
        public const ulong DriverFeatures = 0x020;

        /// <summary>DriverFeaturesSel: which 32-bit window DriverFeatures writes.</summary>
        public const ulong DriverFeaturesSel = 0x024;

        /// <summary>QueueSel: the virtqueue the Queue* registers refer to.</summary>
        public const ulong QueueSel = 0x030;

        /// <summary>QueueSizeMax (QUEUE_NUM_MAX): the selected queue's largest size, 0 when it does not exist.</summary>
        public const ulong QueueSizeMax = 0x034;

        /// <summary>QueueSize (QUEUE_NUM): the size the driver chose for the selected queue.</summary>
        public const ulong QueueSize = 0x038;

        /// <summary>QueueReady: 1 enables the selected queue, 0 stops it.</summary>
        public const ulong QueueReady = 0x044;

        /// <summary>QueueNotify: the driver writes a queue index to send an available-buffer notification.</summary>
        public const ulong QueueNotify = 0x050;

        /// <summary>InterruptStatus: pending <see cref="MmioInterrupt"/> bits.</summary>
        public const ulong InterruptStatus = 0x060;

        /// <summary>InterruptACK: the driver writes the bits it handled.</summary>
        public const ulong InterruptAck = 0x064;

        /// <summary>Status: the Device Status field; writing 0 resets the device.</summary>
        public const ulong Status = 0x070;

        /// <summary>QueueDescLow: low 32 bits of the Descriptor Area.</summary>
        public const ulong QueueDescLow = 0x080;

        /// <summary>QueueDescHigh: high 32 bits of the Descriptor Area.</summary>
        public const ulong QueueDescHigh = 0x084;

        /// <summary>QueueDriverLow (QUEUE_AVAIL_LOW): low 32 bits of the Driver Area.</summary>
        public const ulong QueueDriverLow = 0x090;

        /// <summary>QueueDriverHigh (QUEUE_AVAIL_HIGH): high 32 bits of the Driver Area.</summary>
        public const ulong QueueDriverHigh = 0x094;

        /// <summary>QueueDeviceLow (QUEUE_USED_LOW): low 32 bits of the Device Area.</summary>
        public const ulong QueueDeviceLow = 0x0a0;

        /// <summary>QueueDeviceHigh (QUEUE_USED_HIGH): high 32 bits of the Device Area.</summary>
        public const ulong QueueDeviceHigh = 0x0a4;

        /// <summary>SHMSel: selects a shared memory region.</summary>
        public const ulong ShmSel = 0x0ac;

        /// <summary>SHMLenLow: low 32 bits of the selected region's length (-1 when it does not exist).</summary>
        public const ulong ShmLenLow = 0x0b0;

        /// <summary>SHMLenHigh: high 32 bits of the selected region's length.</summary>
        public const ulong ShmLenHigh = 0x0b4;

        /// <summary>SHMBaseLow: low 32 bits of the selected region's guest-physical base.</summary>
        public const ulong ShmBaseLow = 0x0b8;

        /// <summary>SHMBaseHigh: high 32 bits of the selected region's guest-physical base.</summary>
        public const ulong ShmBaseHigh = 0x0bc;

        /// <summary>QueueReset: per-queue reset, meaningful only with VIRTIO_F_RING_RESET.</summary>
        public const ulong QueueReset = 0x0c0;

        /// <summary>ConfigGeneration: changes whenever the device configuration changes (FF-MMIO-10).</summary>
        public const ulong ConfigGeneration = 0x0fc;

        /// <summary>Config: first byte of the device-specific configuration space.</summary>
        public const ulong Config = 0x100;

        /// <summary>The value MagicValue reads: "virt".</summary>
        public const uint Magic = 0x74726976;

        /// <summary>The value Version reads for the non-legacy (virtio 1.x) interface.</summary>
        public const uint VersionNumber = 2;

        /// <summary>Width in bytes of every control register access (FF-MMIO-3).</summary>
        public const int ControlRegisterWidth = 4;

        /// <summary>Width in bits of every register of the table.</summary>
        public const int RegisterWidthBits = 32;

        private static readonly MmioRegisterInfo[] Table =
        {
            new("MagicValue", MagicValue, MmioRegisterAccess.Read, RegisterWidthBits, "VIRTIO_MMIO_MAGIC_VALUE"),
            new("Version", Version, MmioRegisterAccess.Read, RegisterWidthBits, "VIRTIO_MMIO_VERSION"),
            new("DeviceID", DeviceId, MmioRegisterAccess.Read, RegisterWidthBits, "VIRTIO_MMIO_DEVICE_ID"),
            new("VendorID", VendorId, MmioRegisterAccess.Read, RegisterWidthBits, "VIRTIO_MMIO_VENDOR_ID"),
            new("DeviceFeatures", DeviceFeatures, MmioRegisterAccess.Read, RegisterWidthBits, "VIRTIO_MMIO_DEVICE_FEATURES"),
            new("DeviceFeaturesSel", DeviceFeaturesSel, MmioRegisterAccess.Write, RegisterWidthBits, "VIRTIO_MMIO_DEVICE_FEATURES_SEL"),
            new("DriverFeatures", DriverFeatures, MmioRegisterAccess.Write, RegisterWidthBits, "VIRTIO_MMIO_DRIVER_FEATURES"),
            new("DriverFeaturesSel", DriverFeaturesSel, MmioRegisterAccess.Write, RegisterWidthBits, "VIRTIO_MMIO_DRIVER_FEATURES_SEL"),
            new("QueueSel", QueueSel, MmioRegisterAccess.Write, RegisterWidthBits, "VIRTIO_MMIO_QUEUE_SEL"),
            new("QueueSizeMax", QueueSizeMax, MmioRegisterAccess.Read, RegisterWidthBits, "VIRTIO_MMIO_QUEUE_NUM_MAX"),
            new("QueueSize", QueueSize, MmioRegisterAccess.Write, RegisterWidthBits, "VIRTIO_MMIO_QUEUE_NUM"),
            new("QueueReady", QueueReady, MmioRegisterAccess.ReadWrite, RegisterWidthBits, "VIRTIO_MMIO_QUEUE_READY"),
            new("QueueNotify", QueueNotify, MmioRegisterAccess.Write, RegisterWidthBits, "VIRTIO_MMIO_QUEUE_NOTIFY"),
            new("InterruptStatus", InterruptStatus, MmioRegisterAccess.Read, RegisterWidthBits, "VIRTIO_MMIO_INTERRUPT_STATUS"),
            new("InterruptACK", InterruptAck, MmioRegisterAccess.Write, RegisterWidthBits, "VIRTIO_MMIO_INTERRUPT_ACK"),
            new("Status", Status, MmioRegisterAccess.ReadWrite, RegisterWidthBits, "VIRTIO_MMIO_STATUS"),
            new("QueueDescLow", QueueDescLow, MmioRegisterAccess.Write, RegisterWidthBits, "VIRTIO_MMIO_QUEUE_DESC_LOW"),
            new("QueueDescHigh", QueueDescHigh, MmioRegisterAccess.Write, RegisterWidthBits, "VIRTIO_MMIO_QUEUE_DESC_HIGH"),
            new("QueueDriverLow", QueueDriverLow, MmioRegisterAccess.Write, RegisterWidthBits, "VIRTIO_MMIO_QUEUE_AVAIL_LOW"),
            new("QueueDriverHigh", QueueDriverHigh, MmioRegisterAccess.Write, RegisterWidthBits, "VIRTIO_MMIO_QUEUE_AVAIL_HIGH"),
            new("QueueDeviceLow", QueueDeviceLow, MmioRegisterAccess.Write, RegisterWidthBits, "VIRTIO_MMIO_QUEUE_USED_LOW"),
            new("QueueDeviceHigh", QueueDeviceHigh, MmioRegisterAccess.Write, RegisterWidthBits, "VIRTIO_MMIO_QUEUE_USED_HIGH"),
            new("SHMSel", ShmSel, MmioRegisterAccess.Write, RegisterWidthBits, "VIRTIO_MMIO_SHM_SEL"),
            new("SHMLenLow", ShmLenLow, MmioRegisterAccess.Read, RegisterWidthBits, "VIRTIO_MMIO_SHM_LEN_LOW"),
            new("SHMLenHigh", ShmLenHigh, MmioRegisterAccess.Read, RegisterWidthBits, "VIRTIO_MMIO_SHM_LEN_HIGH"),
            new("SHMBaseLow", ShmBaseLow, MmioRegisterAccess.Read, RegisterWidthBits, "VIRTIO_MMIO_SHM_BASE_LOW"),
            new("SHMBaseHigh", ShmBaseHigh, MmioRegisterAccess.Read, RegisterWidthBits, "VIRTIO_MMIO_SHM_BASE_HIGH"),
            new("QueueReset", QueueReset, MmioRegisterAccess.ReadWrite, RegisterWidthBits, null),
            new("ConfigGeneration", ConfigGeneration, MmioRegisterAccess.Read, RegisterWidthBits, "VIRTIO_MMIO_CONFIG_GENERATION"),
            new("Config", Config, MmioRegisterAccess.ReadWrite, RegisterWidthBits, "VIRTIO_MMIO_CONFIG"),
        };

        /// <summary>Every register of the table in offset order, for test vectors and documentation generators.</summary>
        public static IReadOnlyList<MmioRegisterInfo> All => Table;
    }
}
