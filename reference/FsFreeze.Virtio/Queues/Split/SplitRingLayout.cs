namespace FsFreeze.Virtio.Queues.Split
{
    /// <summary>
    /// Byte layout of the split virtqueue, virtio 1.4 "Split Virtqueues" and Linux's &lt;linux/virtio_ring.h&gt;.
    /// <code>
    /// Descriptor Table (align 16)   entry i at 16*i:  +0 addr u64 | +8 len u32 | +12 flags u16 | +14 next u16
    /// Available Ring   (align 2)    +0 flags u16 | +2 idx u16 | +4+2*i ring[i] u16 | +4+2*N used_event u16
    /// Used Ring        (align 4)    +0 flags u16 | +2 idx u16 | +4+8*i {id u32, len u32} | +4+8*N avail_event u16
    /// </code>
    /// </summary>
    public static class SplitRingLayout
    {
        /// <summary>Largest Queue Size: the largest power of two whose double still fits a free-running u16 index.</summary>
        public const int MaxQueueSize = 32768;

        /// <summary>Size of one descriptor.</summary>
        public const int DescriptorSize = 16;

        /// <summary>Offset of <c>addr</c> in a descriptor.</summary>
        public const int DescriptorAddressOffset = 0;

        /// <summary>Offset of <c>len</c> in a descriptor.</summary>
        public const int DescriptorLengthOffset = 8;

        /// <summary>Offset of <c>flags</c> in a descriptor.</summary>
        public const int DescriptorFlagsOffset = 12;

        /// <summary>Offset of <c>next</c> in a descriptor.</summary>
        public const int DescriptorNextOffset = 14;

        /// <summary>Offset of <c>flags</c> in the available ring.</summary>
        public const int AvailFlagsOffset = 0;

        /// <summary>Offset of <c>idx</c> in the available ring.</summary>
        public const int AvailIdxOffset = 2;

        /// <summary>Offset of <c>ring[0]</c> in the available ring.</summary>
        public const int AvailRingOffset = 4;

        /// <summary>Offset of <c>flags</c> in the used ring.</summary>
        public const int UsedFlagsOffset = 0;

        /// <summary>Offset of <c>idx</c> in the used ring.</summary>
        public const int UsedIdxOffset = 2;

        /// <summary>Offset of <c>ring[0]</c> in the used ring.</summary>
        public const int UsedRingOffset = 4;

        /// <summary>Size of one used element {id u32, len u32}.</summary>
        public const int UsedElementSize = 8;

        /// <summary>VIRTQ_AVAIL_F_NO_INTERRUPT.</summary>
        public const ushort AvailFlagNoInterrupt = 1;

        /// <summary>VIRTQ_USED_F_NO_NOTIFY.</summary>
        public const ushort UsedFlagNoNotify = 1;

        /// <summary>Required alignment of the descriptor table.</summary>
        public const int DescriptorTableAlignment = 16;

        /// <summary>Required alignment of the available ring.</summary>
        public const int AvailRingAlignment = 2;

        /// <summary>Required alignment of the used ring.</summary>
        public const int UsedRingAlignment = 4;

        /// <summary>True when <paramref name="size"/> is a valid split Queue Size: a power of two from 1 to 32768.</summary>
        public static bool IsValidQueueSize(int size) => size >= 1 && size <= MaxQueueSize && (size & (size - 1)) == 0;

        /// <summary>Bytes of the descriptor table.</summary>
        public static int DescriptorTableSize(int queueSize) => DescriptorSize * queueSize;

        /// <summary>Bytes of the available ring including used_event.</summary>
        public static int AvailRingSize(int queueSize) => 6 + (2 * queueSize);

        /// <summary>Bytes of the used ring including avail_event.</summary>
        public static int UsedRingSize(int queueSize) => 6 + (UsedElementSize * queueSize);

        /// <summary>Offset of used_event inside the available ring.</summary>
        public static int UsedEventOffset(int queueSize) => AvailRingOffset + (2 * queueSize);

        /// <summary>Offset of avail_event inside the used ring.</summary>
        public static int AvailEventOffset(int queueSize) => UsedRingOffset + (UsedElementSize * queueSize);

        /// <summary>Offset of available-ring slot <paramref name="slot"/>.</summary>
        public static int AvailSlotOffset(int slot) => AvailRingOffset + (2 * slot);

        /// <summary>Offset of used element <paramref name="slot"/>.</summary>
        public static int UsedSlotOffset(int slot) => UsedRingOffset + (UsedElementSize * slot);

        /// <summary>Rounds <paramref name="value"/> up to a multiple of the power of two <paramref name="alignment"/>.</summary>
        public static long AlignUp(long value, long alignment) => (value + alignment - 1) & ~(alignment - 1);

        /// <summary>
        /// The legacy contiguous layout (virtio 1.4 "Legacy Interfaces: A Note on Virtqueue Layout"), as Linux's
        /// <c>vring_init</c> and <c>vring_size</c> compute it: descriptor table at 0, available ring right after it,
        /// used ring at the next multiple of <paramref name="alignment"/>. Linux rounds only the first part, so
        /// its total is the used ring's end, not rounded.
        /// </summary>
        public static LegacyRingLayout Legacy(int queueSize, int alignment)
        {
            long avail = DescriptorTableSize(queueSize);
            long used = AlignUp(avail + AvailRingSize(queueSize), alignment);
            return new LegacyRingLayout(queueSize, alignment, 0, avail, used, avail + UsedEventOffset(queueSize), used + AvailEventOffset(queueSize), used + UsedRingSize(queueSize));
        }
    }
}
