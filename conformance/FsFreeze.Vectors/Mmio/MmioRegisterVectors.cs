using System.Collections.Generic;
using FsFreeze.Vectors.Json;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Vectors.Mmio
{
    /// <summary>
    /// mmio-registers.json: the virtio-mmio v2 register map (FF-MMIO-1), written from the transport's own table
    /// (<see cref="MmioRegister.All"/>) so the vectors can never drift from the register file the model decodes.
    /// </summary>
    internal static class MmioRegisterVectors
    {
        /// <summary>File name under conformance/vectors/.</summary>
        internal const string FileName = "mmio-registers.json";

        /// <summary>Schema name and version.</summary>
        internal const string Schema = "fsfreeze.vectors.mmio-registers/1";

        /// <summary>The register table, in offset order.</summary>
        internal static IReadOnlyList<MmioRegisterInfo> Registers => MmioRegister.All;

        /// <summary>Generates the file text.</summary>
        internal static string Generate() => VectorDocument.Write(
            new VectorHeader(
                Schema,
                "virtio-mmio version 2 register map. name is the virtio specification's register name (also the id), "
                + "offset is bytes from the device's base, access is R/W/RW from the driver's side, width is bits; "
                + "linux_name is the <linux/virtio_mmio.h> macro (null when the Linux 6.1 header lacks it).",
                new[] { "FF-MMIO-1" }),
            Registers,
            static (writer, register) =>
            {
                writer.WriteString("id", register.Name);
                writer.WriteString("name", register.Name);
                writer.WriteNumber("offset", register.Offset);
                writer.WriteString("access", register.AccessText);
                writer.WriteNumber("width", register.WidthBits);
                if (register.LinuxName is null)
                {
                    writer.WriteNull("linux_name");
                }
                else
                {
                    writer.WriteString("linux_name", register.LinuxName);
                }
            });
    }
}
