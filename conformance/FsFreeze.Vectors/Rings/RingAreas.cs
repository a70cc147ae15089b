using System.Text.Json;

namespace FsFreeze.Vectors.Rings
{
    /// <summary>The ring memory after a step, lowercase hex: what a replayer compares byte for byte.</summary>
    /// <param name="DescriptorArea">The descriptor table (split) or descriptor ring (packed).</param>
    /// <param name="DriverArea">The available ring (split) or driver event suppression (packed).</param>
    /// <param name="DeviceArea">The used ring (split) or device event suppression (packed).</param>
    /// <param name="IndirectArea">The driver's indirect tables, or null without VIRTIO_F_INDIRECT_DESC.</param>
    internal sealed record RingAreas(string DescriptorArea, string DriverArea, string DeviceArea, string? IndirectArea)
    {
        /// <summary>Writes the area fields into the current object.</summary>
        internal void WriteTo(Utf8JsonWriter writer)
        {
            writer.WriteString("descriptor_area", DescriptorArea);
            writer.WriteString("driver_area", DriverArea);
            writer.WriteString("device_area", DeviceArea);
            if (IndirectArea is not null)
            {
                writer.WriteString("indirect_area", IndirectArea);
            }
        }

        /// <summary>Reads the area fields of a step or initial-state object.</summary>
        internal static RingAreas Parse(JsonElement element) => new(
            element.GetProperty("descriptor_area").GetString() ?? string.Empty,
            element.GetProperty("driver_area").GetString() ?? string.Empty,
            element.GetProperty("device_area").GetString() ?? string.Empty,
            element.TryGetProperty("indirect_area", out JsonElement indirect) ? indirect.GetString() : null);
    }
}
