namespace FsFreeze.Virtio.Common
{
    /// <summary>
    /// Reserved (transport and ring) feature bit numbers, virtio 1.4 "Reserved Feature Bits". Device-specific
    /// features live in bits 0-23 (and 41, 42, 50-127); a device type built on this core keeps to 0-23.
    /// </summary>
    public static class VirtioFeatureBit
    {
        /// <summary>First device-specific feature bit.</summary>
        public const int DeviceSpecificFirst = 0;

        /// <summary>Last device-specific feature bit of the low range.</summary>
        public const int DeviceSpecificLast = 23;

        /// <summary>VIRTIO_F_INDIRECT_DESC: the driver may use indirect descriptor tables.</summary>
        public const int IndirectDesc = 28;

        /// <summary>VIRTIO_F_EVENT_IDX: used_event and avail_event replace the flags for notification suppression.</summary>
        public const int EventIdx = 29;

        /// <summary>VIRTIO_F_VERSION_1: compliance with the virtio 1.x specification (non-legacy).</summary>
        public const int Version1 = 32;

        /// <summary>VIRTIO_F_ACCESS_PLATFORM: the device accesses memory through a platform IOMMU.</summary>
        public const int AccessPlatform = 33;

        /// <summary>VIRTIO_F_RING_PACKED: the packed virtqueue layout.</summary>
        public const int RingPacked = 34;

        /// <summary>VIRTIO_F_IN_ORDER: buffers are used in the order they were made available.</summary>
        public const int InOrder = 35;

        /// <summary>VIRTIO_F_NOTIFICATION_DATA: the driver passes extra data in available-buffer notifications.</summary>
        public const int NotificationData = 38;

        /// <summary>Returns the mask of a single feature bit.</summary>
        public static ulong Mask(int bit) => 1UL << bit;

        /// <summary>
        /// VIRTIO_F_EVENT_IDX and VIRTIO_F_RING_PACKED: they change how a queue is laid out and how notifications are
        /// suppressed, and nothing above the ring (FF-RING-26), so a device type can offer them without a word of its
        /// own specification changing.
        /// </summary>
        public static ulong RingFeatures => Mask(EventIdx) | Mask(RingPacked);

        /// <summary>True when <paramref name="bit"/> is set in <paramref name="features"/>.</summary>
        public static bool IsSet(ulong features, int bit) => (features & Mask(bit)) != 0;
    }
}
