using System.Collections.Generic;
using FsFreeze.Vectors.Json;

namespace FsFreeze.Vectors.Mmio
{
    /// <summary>mmio-registers.json: the virtio-mmio v2 register map (FF-MMIO-1).</summary>
    internal static class MmioRegisterVectors
    {
        /// <summary>File name under conformance/vectors/.</summary>
        internal const string FileName = "mmio-registers.json";

        /// <summary>Schema name and version.</summary>
        internal const string Schema = "fsfreeze.vectors.mmio-registers/1";

        // MMIO: this table should come from MmioRegister.All (reference/FsFreeze.Virtio/Mmio/MmioRegister.cs) once
        // that branch is merged; it is private here only so the two branches do not conflict. Copied from the
        // register table of spec/virtio-fsfreeze.md, in offset order.
        private static readonly MmioRegisterRow[] Table =
        {
            new("MagicValue", 0x000, "R", "VIRTIO_MMIO_MAGIC_VALUE"),
            new("Version", 0x004, "R", "VIRTIO_MMIO_VERSION"),
            new("DeviceID", 0x008, "R", "VIRTIO_MMIO_DEVICE_ID"),
            new("VendorID", 0x00c, "R", "VIRTIO_MMIO_VENDOR_ID"),
            new("DeviceFeatures", 0x010, "R", "VIRTIO_MMIO_DEVICE_FEATURES"),
            new("DeviceFeaturesSel", 0x014, "W", "VIRTIO_MMIO_DEVICE_FEATURES_SEL"),
            new("DriverFeatures", 0x020, "W", "VIRTIO_MMIO_DRIVER_FEATURES"),
            new("DriverFeaturesSel", 0x024, "W", "VIRTIO_MMIO_DRIVER_FEATURES_SEL"),
            new("QueueSel", 0x030, "W", "VIRTIO_MMIO_QUEUE_SEL"),
            new("QueueSizeMax", 0x034, "R", "VIRTIO_MMIO_QUEUE_NUM_MAX"),
            new("QueueSize", 0x038, "W", "VIRTIO_MMIO_QUEUE_NUM"),
            new("QueueReady", 0x044, "RW", "VIRTIO_MMIO_QUEUE_READY"),
            new("QueueNotify", 0x050, "W", "VIRTIO_MMIO_QUEUE_NOTIFY"),
            new("InterruptStatus", 0x060, "R", "VIRTIO_MMIO_INTERRUPT_STATUS"),
            new("InterruptACK", 0x064, "W", "VIRTIO_MMIO_INTERRUPT_ACK"),
            new("Status", 0x070, "RW", "VIRTIO_MMIO_STATUS"),
            new("QueueDescLow", 0x080, "W", "VIRTIO_MMIO_QUEUE_DESC_LOW"),
            new("QueueDescHigh", 0x084, "W", "VIRTIO_MMIO_QUEUE_DESC_HIGH"),
            new("QueueDriverLow", 0x090, "W", "VIRTIO_MMIO_QUEUE_AVAIL_LOW"),
            new("QueueDriverHigh", 0x094, "W", "VIRTIO_MMIO_QUEUE_AVAIL_HIGH"),
            new("QueueDeviceLow", 0x0a0, "W", "VIRTIO_MMIO_QUEUE_USED_LOW"),
            new("QueueDeviceHigh", 0x0a4, "W", "VIRTIO_MMIO_QUEUE_USED_HIGH"),
            new("SHMSel", 0x0ac, "W", "VIRTIO_MMIO_SHM_SEL"),
            new("SHMLenLow", 0x0b0, "R", "VIRTIO_MMIO_SHM_LEN_LOW"),
            new("SHMLenHigh", 0x0b4, "R", "VIRTIO_MMIO_SHM_LEN_HIGH"),
            new("SHMBaseLow", 0x0b8, "R", "VIRTIO_MMIO_SHM_BASE_LOW"),
            new("SHMBaseHigh", 0x0bc, "R", "VIRTIO_MMIO_SHM_BASE_HIGH"),

            // Linux 6.1's <linux/virtio_mmio.h> has no QueueReset (added to the spec with VIRTIO_F_RING_RESET).
            new("QueueReset", 0x0c0, "RW", null),
            new("ConfigGeneration", 0x0fc, "R", "VIRTIO_MMIO_CONFIG_GENERATION"),
            new("Config", 0x100, "RW", "VIRTIO_MMIO_CONFIG"),
        };

        /// <summary>The register table, in offset order.</summary>
        internal static IReadOnlyList<MmioRegisterRow> Registers => Table;

        /// <summary>Generates the file text.</summary>
        internal static string Generate() => VectorDocument.Write(
            new VectorHeader(
                Schema,
                "virtio-mmio version 2 register map. name is the virtio specification's register name (also the id), "
                + "offset is bytes from the device's base, access is R/W/RW from the driver's side, width is bits; "
                + "linux_name is the <linux/virtio_mmio.h> macro (null when the Linux 6.1 header lacks it).",
                new[] { "FF-MMIO-1" }),
            Registers,
            static (writer, row) =>
            {
                writer.WriteString("id", row.Name);
                writer.WriteString("name", row.Name);
                writer.WriteNumber("offset", row.Offset);
                writer.WriteString("access", row.Access);
                writer.WriteNumber("width", MmioRegisterRow.Width);
                if (row.LinuxName is null)
                {
                    writer.WriteNull("linux_name");
                }
                else
                {
                    writer.WriteString("linux_name", row.LinuxName);
                }
            });
    }
}
