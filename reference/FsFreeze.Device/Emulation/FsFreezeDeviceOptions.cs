using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;

namespace FsFreeze.Device.Emulation
{
    /// <summary>How a <see cref="FsFreezeDevice"/> is built: what it offers and its configuration space.</summary>
    public sealed record FsFreezeDeviceOptions
    {
        /// <summary>QueueSizeMax of requestq and replyq; FF-DEV-2 asks for at least 2.</summary>
        public const ushort DefaultQueueSizeMax = 64;

        /// <summary>
        /// The feature bits offered: a subset of SB_DETAIL, SELECTIVE, APP_NOTICE, EVENTS (default all four), plus
        /// optionally <see cref="FsFreeze.Virtio.Common.VirtioFeatureBit.RingFeatures"/>.
        /// </summary>
        public ulong OfferedFeatures { get; init; } = FsFreezeFeature.KnownMask;

        /// <summary>The configuration space (FF-DEV-5); default: 4096-byte requests, 64 entries, 10 minutes.</summary>
        public FsFreezeConfig Config { get; init; } = new(4096, 64, 600_000);

        /// <summary>QueueSizeMax of both queues.</summary>
        public ushort QueueSizeMax { get; init; } = DefaultQueueSizeMax;

        /// <summary>The VendorID register (implementation-defined, FF-DEV-1).</summary>
        public uint VendorId { get; init; } = 0x4653_4652; // "RFSF" read little-endian: the reference device.
    }
}
