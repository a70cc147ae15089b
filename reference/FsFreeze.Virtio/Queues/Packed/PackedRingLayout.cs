namespace FsFreeze.Virtio.Queues.Packed
{
    /// <summary>
    /// Byte layout of the packed virtqueue, virtio 1.4 "Packed Virtqueues" (VIRTIO_F_RING_PACKED, bit 34) and
    /// Linux's &lt;linux/virtio_ring.h&gt; (<c>vring_packed_desc</c>, <c>vring_packed_desc_event</c>); spec FF-RING-21.
    /// <code>
    /// Descriptor Ring   (align 16)  entry i at 16*i:  +0 addr u64 | +8 len u32 | +12 id u16 | +14 flags u16
    /// Driver Event Suppression (Driver Area, align 4):  +0 off_wrap u16 (bits 0-14 offset, bit 15 wrap) | +2 flags u16
    /// Device Event Suppression (Device Area, align 4):  same layout
    ///
    /// Descriptor flags: NEXT 1, WRITE 2, INDIRECT 4, AVAIL 1&lt;&lt;7, USED 1&lt;&lt;15.
    /// Event flags: ENABLE 0, DISABLE 1, DESC 2 (only with VIRTIO_F_EVENT_IDX).
    /// </code>
    /// Unlike the split descriptor, the flags sit at +14 and the Buffer ID at +12.
    /// </summary>
    public static class PackedRingLayout
    {
        /// <summary>Largest Queue Size: 2^15, so a ring offset fits the 15 offset bits of <c>off_wrap</c>.</summary>
        public const int MaxQueueSize = 32768;

        /// <summary>Size of one packed descriptor.</summary>
        public const int DescriptorSize = 16;

        /// <summary>Offset of <c>addr</c> in a descriptor.</summary>
        public const int DescriptorAddressOffset = 0;

        /// <summary>Offset of <c>len</c> in a descriptor.</summary>
        public const int DescriptorLengthOffset = 8;

        /// <summary>Offset of <c>id</c> (the Buffer ID) in a descriptor.</summary>
        public const int DescriptorIdOffset = 12;

        /// <summary>Offset of <c>flags</c> in a descriptor.</summary>
        public const int DescriptorFlagsOffset = 14;

        /// <summary>Size of an event suppression structure.</summary>
        public const int EventSuppressionSize = 4;

        /// <summary>Offset of <c>off_wrap</c> in an event suppression structure.</summary>
        public const int EventOffWrapOffset = 0;

        /// <summary>Offset of <c>flags</c> in an event suppression structure.</summary>
        public const int EventFlagsOffset = 2;

        /// <summary>Bits 0-14 of <c>off_wrap</c>: the descriptor ring offset.</summary>
        public const ushort OffWrapOffsetMask = 0x7fff;

        /// <summary>Bit 15 of <c>off_wrap</c>: the wrap counter (Linux VRING_PACKED_EVENT_F_WRAP_CTR).</summary>
        public const int OffWrapWrapShift = 15;

        /// <summary>RING_EVENT_FLAGS_ENABLE: notify on every event.</summary>
        public const ushort EventFlagsEnable = 0;

        /// <summary>RING_EVENT_FLAGS_DISABLE: never notify.</summary>
        public const ushort EventFlagsDisable = 1;

        /// <summary>RING_EVENT_FLAGS_DESC: notify when the descriptor at <c>off_wrap</c> is passed (VIRTIO_F_EVENT_IDX only).</summary>
        public const ushort EventFlagsDesc = 2;

        /// <summary>Required alignment of the descriptor ring.</summary>
        public const int DescriptorRingAlignment = 16;

        /// <summary>Required alignment of each event suppression structure.</summary>
        public const int EventSuppressionAlignment = 4;

        /// <summary>True when <paramref name="size"/> is a valid packed Queue Size: 1 to 32768, any value (no power of two needed).</summary>
        public static bool IsValidQueueSize(int size) => size >= 1 && size <= MaxQueueSize;

        /// <summary>Bytes of the descriptor ring.</summary>
        public static int DescriptorRingSize(int queueSize) => DescriptorSize * queueSize;

        /// <summary>Offset of descriptor <paramref name="slot"/> in the descriptor ring.</summary>
        public static int DescriptorOffset(int slot) => DescriptorSize * slot;

        /// <summary>Packs a ring offset and a wrap counter into <c>off_wrap</c>.</summary>
        public static ushort OffWrap(int offset, bool wrapCounter) =>
            (ushort)((offset & OffWrapOffsetMask) | (wrapCounter ? 1 << OffWrapWrapShift : 0));

        /// <summary>
        /// The AVAIL and USED bits a driver writes to make a descriptor available: AVAIL equal to its wrap counter,
        /// USED the inverse ("Driver and Device Ring Wrap Counters").
        /// </summary>
        public static DescriptorFlags AvailableFlags(bool driverWrapCounter) =>
            driverWrapCounter ? DescriptorFlags.Avail : DescriptorFlags.Used;

        /// <summary>The AVAIL and USED bits a device writes to mark a descriptor used: both equal to its wrap counter.</summary>
        public static DescriptorFlags UsedFlags(bool deviceWrapCounter) =>
            deviceWrapCounter ? DescriptorFlags.Avail | DescriptorFlags.Used : DescriptorFlags.None;

        /// <summary>The device's test for an available descriptor: AVAIL differs from USED and equals the wrap counter (QEMU <c>is_desc_avail</c>).</summary>
        public static bool IsAvailable(DescriptorFlags flags, bool wrapCounter)
        {
            bool avail = (flags & DescriptorFlags.Avail) != 0;
            bool used = (flags & DescriptorFlags.Used) != 0;
            return avail != used && avail == wrapCounter;
        }

        /// <summary>The driver's test for a used descriptor: AVAIL equals USED equals the used wrap counter (Linux <c>is_used_desc_packed</c>).</summary>
        public static bool IsUsed(DescriptorFlags flags, bool usedWrapCounter)
        {
            bool avail = (flags & DescriptorFlags.Avail) != 0;
            bool used = (flags & DescriptorFlags.Used) != 0;
            return avail == used && used == usedWrapCounter;
        }
    }
}
