using System;
using System.Collections.Generic;
using System.Text.Json;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Vectors.Rings
{
    /// <summary>
    /// Where a scenario's queue lives and what was negotiated: one small guest memory holding the three ring areas
    /// (packed tightly, as a driver may place them), the driver's indirect tables and the data buffers.
    /// </summary>
    internal sealed record RingConfig(
        string Format,
        ushort QueueSize,
        ulong Features,
        ushort StartIndex,
        ulong MemoryBase,
        int MemorySize,
        ulong DescriptorArea,
        ulong DriverArea,
        ulong DeviceArea,
        ulong IndirectArea,
        int IndirectEntries)
    {
        /// <summary>Guest-physical base of every scenario's guest memory.</summary>
        internal const ulong DefaultMemoryBase = 0x1_0000;

        /// <summary>64 KiB: the rings, the indirect tables and the data buffers.</summary>
        internal const int DefaultMemorySize = 0x1_0000;

        /// <summary>Offset of the indirect tables from the memory base.</summary>
        internal const ulong IndirectOffset = 0x1000;

        /// <summary>Offset of the data buffers from the memory base.</summary>
        internal const ulong DataOffset = 0x2000;

        /// <summary>Indirect table entries per head index, at most Queue Size (the table of head h is at indirect_area + h*entries*16).</summary>
        internal const int DefaultIndirectEntries = 8;

        /// <summary>Bytes of the descriptor area.</summary>
        internal int DescriptorAreaSize => 16 * QueueSize;

        /// <summary>Bytes of the driver area (available ring with used_event, or driver event suppression).</summary>
        internal int DriverAreaSize => Format == RingFormat.Packed ? 4 : SplitRingLayout.AvailRingSize(QueueSize);

        /// <summary>Bytes of the device area (used ring with avail_event, or device event suppression).</summary>
        internal int DeviceAreaSize => Format == RingFormat.Packed ? 4 : SplitRingLayout.UsedRingSize(QueueSize);

        /// <summary>Bytes of the indirect area, or 0 without VIRTIO_F_INDIRECT_DESC.</summary>
        internal int IndirectAreaSize => HasIndirect ? QueueSize * IndirectEntries * 16 : 0;

        /// <summary>True when VIRTIO_F_INDIRECT_DESC is negotiated.</summary>
        internal bool HasIndirect => VirtioFeatureBit.IsSet(Features, VirtioFeatureBit.IndirectDesc);

        /// <summary>The queue configuration the driver programs.</summary>
        internal QueueConfiguration QueueConfiguration => new(QueueSize, DescriptorArea, DriverArea, DeviceArea, Features);

        /// <summary>Address of data buffer <paramref name="index"/> (256 bytes apart).</summary>
        internal ulong Data(int index) => MemoryBase + DataOffset + ((ulong)index * 0x100);

        /// <summary>Lays out a queue of <paramref name="queueSize"/> in the default guest memory.</summary>
        internal static RingConfig Create(string format, ushort queueSize, ulong features, ushort startIndex = 0)
        {
            ulong descriptors = DefaultMemoryBase;
            ulong driverArea = descriptors + (ulong)(16 * queueSize);
            ulong deviceArea;
            if (format == RingFormat.Packed)
            {
                features |= VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked);
                deviceArea = driverArea + 4;
            }
            else
            {
                deviceArea = (ulong)SplitRingLayout.AlignUp((long)driverArea + SplitRingLayout.AvailRingSize(queueSize), SplitRingLayout.UsedRingAlignment);
            }

            return new RingConfig(format, queueSize, features, startIndex, DefaultMemoryBase, DefaultMemorySize, descriptors, driverArea, deviceArea, DefaultMemoryBase + IndirectOffset, Math.Min(DefaultIndirectEntries, (int)queueSize));
        }

        /// <summary>Names of the negotiated reserved feature bits, for readers of the file.</summary>
        internal IReadOnlyList<string> FeatureNames()
        {
            var names = new List<string>();
            if (VirtioFeatureBit.IsSet(Features, VirtioFeatureBit.IndirectDesc))
            {
                names.Add("VIRTIO_F_INDIRECT_DESC");
            }

            if (VirtioFeatureBit.IsSet(Features, VirtioFeatureBit.EventIdx))
            {
                names.Add("VIRTIO_F_EVENT_IDX");
            }

            if (VirtioFeatureBit.IsSet(Features, VirtioFeatureBit.Version1))
            {
                names.Add("VIRTIO_F_VERSION_1");
            }

            if (VirtioFeatureBit.IsSet(Features, VirtioFeatureBit.RingPacked))
            {
                names.Add("VIRTIO_F_RING_PACKED");
            }

            return names;
        }

        /// <summary>Writes the <c>config</c> object's fields.</summary>
        internal void WriteTo(Utf8JsonWriter writer)
        {
            writer.WriteString("format", Format);
            writer.WriteNumber("queue_size", QueueSize);
            writer.WriteNumber("features", Features);
            writer.WriteStartArray("feature_names");
            foreach (string name in FeatureNames())
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
            writer.WriteNumber("start_index", StartIndex);
            writer.WriteNumber("memory_base", MemoryBase);
            writer.WriteNumber("memory_size", MemorySize);
            writer.WriteNumber("descriptor_area", DescriptorArea);
            writer.WriteNumber("descriptor_area_size", DescriptorAreaSize);
            writer.WriteNumber("driver_area", DriverArea);
            writer.WriteNumber("driver_area_size", DriverAreaSize);
            writer.WriteNumber("device_area", DeviceArea);
            writer.WriteNumber("device_area_size", DeviceAreaSize);
            writer.WriteNumber("indirect_area", IndirectArea);
            writer.WriteNumber("indirect_entries", IndirectEntries);
            writer.WriteNumber("indirect_area_size", IndirectAreaSize);
        }

        /// <summary>Reads a config back from a vector file, the inverse of <see cref="WriteTo"/>.</summary>
        internal static RingConfig Parse(JsonElement element) => new(
            element.GetProperty("format").GetString() ?? RingFormat.Split,
            element.GetProperty("queue_size").GetUInt16(),
            element.GetProperty("features").GetUInt64(),
            element.GetProperty("start_index").GetUInt16(),
            element.GetProperty("memory_base").GetUInt64(),
            element.GetProperty("memory_size").GetInt32(),
            element.GetProperty("descriptor_area").GetUInt64(),
            element.GetProperty("driver_area").GetUInt64(),
            element.GetProperty("device_area").GetUInt64(),
            element.GetProperty("indirect_area").GetUInt64(),
            element.GetProperty("indirect_entries").GetInt32());
    }
}
