using System.Collections.Generic;
using System.Globalization;
using FsFreeze.Vectors.Json;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Vectors.Layout
{
    /// <summary>
    /// split-ring-layout.json: the legacy contiguous split-ring layout (FF-RING-19) as Linux's <c>vring_init</c>
    /// and <c>vring_size</c> compute it, for every power-of-two Queue Size at the usual Queue Align values.
    /// </summary>
    internal static class SplitRingLayoutVectors
    {
        /// <summary>File name under conformance/vectors/.</summary>
        internal const string FileName = "split-ring-layout.json";

        /// <summary>Schema name and version.</summary>
        internal const string Schema = "fsfreeze.vectors.split-ring-layout/1";

        /// <summary>
        /// Queue Align values: 4096 is the legacy PCI and usual MMIO value; 64 and 16 exercise the rounding of the
        /// used ring when the available ring ends just before or after an alignment boundary.
        /// </summary>
        internal static IReadOnlyList<int> Alignments { get; } = new[] { 4096, 64, 16 };

        /// <summary>The layouts, ordered by alignment then Queue Size.</summary>
        internal static IReadOnlyList<LegacyRingLayout> Layouts()
        {
            var layouts = new List<LegacyRingLayout>();
            foreach (int alignment in Alignments)
            {
                for (int size = 1; size <= SplitRingLayout.MaxQueueSize; size *= 2)
                {
                    layouts.Add(SplitRingLayout.Legacy(size, alignment));
                }
            }

            return layouts;
        }

        /// <summary>The stable id of a layout vector.</summary>
        internal static string Id(int queueSize, int alignment) =>
            string.Create(CultureInfo.InvariantCulture, $"size-{queueSize}-align-{alignment}");

        /// <summary>Generates the file text.</summary>
        internal static string Generate() => VectorDocument.Write(
            new VectorHeader(
                Schema,
                "Legacy contiguous split-ring layout as Linux vring_init/vring_size compute it: descriptor table at 0, "
                + "available ring at 16*N, used ring at the next multiple of align. Offsets are bytes from the start of "
                + "the ring memory; size is vring_size (only the first part is rounded up).",
                new[] { "FF-RING-19" }),
            Layouts(),
            static (writer, layout) =>
            {
                writer.WriteString("id", Id(layout.QueueSize, layout.Alignment));
                writer.WriteNumber("queue_size", layout.QueueSize);
                writer.WriteNumber("align", layout.Alignment);
                writer.WriteNumber("desc_offset", layout.DescriptorOffset);
                writer.WriteNumber("avail_offset", layout.AvailOffset);
                writer.WriteNumber("used_offset", layout.UsedOffset);
                writer.WriteNumber("used_event_offset", layout.UsedEventOffset);
                writer.WriteNumber("avail_event_offset", layout.AvailEventOffset);
                writer.WriteNumber("size", layout.Size);
            });
    }
}
