namespace FsFreeze.Virtio.Queues.Split
{
    /// <summary>Offsets of the legacy contiguous split-ring layout, relative to the start of the ring memory.</summary>
    public readonly struct LegacyRingLayout
    {
        /// <summary>Creates a layout record.</summary>
        public LegacyRingLayout(int queueSize, int alignment, long descriptorOffset, long availOffset, long usedOffset, long usedEventOffset, long availEventOffset, long size)
        {
            QueueSize = queueSize;
            Alignment = alignment;
            DescriptorOffset = descriptorOffset;
            AvailOffset = availOffset;
            UsedOffset = usedOffset;
            UsedEventOffset = usedEventOffset;
            AvailEventOffset = availEventOffset;
            Size = size;
        }

        /// <summary>Queue Size.</summary>
        public int QueueSize { get; }

        /// <summary>Queue Align.</summary>
        public int Alignment { get; }

        /// <summary>Offset of the descriptor table.</summary>
        public long DescriptorOffset { get; }

        /// <summary>Offset of the available ring.</summary>
        public long AvailOffset { get; }

        /// <summary>Offset of the used ring.</summary>
        public long UsedOffset { get; }

        /// <summary>Offset of used_event (end of the available ring).</summary>
        public long UsedEventOffset { get; }

        /// <summary>Offset of avail_event (end of the used ring).</summary>
        public long AvailEventOffset { get; }

        /// <summary>Total bytes, as Linux's <c>vring_size</c>.</summary>
        public long Size { get; }
    }
}
