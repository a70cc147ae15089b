using System;
using FsFreeze.Protocol;

namespace FsFreeze.Guest.Driver
{
    /// <summary>What the driver model is built with: the feature bits it understands and its buffer counts.</summary>
    public sealed class FsFreezeDriverOptions
    {
        /// <summary>All four device-specific features: SB_DETAIL, SELECTIVE, APP_NOTICE, EVENTS.</summary>
        public static readonly ulong AllFeatures = FsFreezeFeature.KnownMask;

        /// <summary>
        /// The device-specific features the driver accepts when offered. Only the four defined bits count, plus the
        /// ring features VIRTIO_F_EVENT_IDX and VIRTIO_F_RING_PACKED when included here (not by default): anything
        /// else, reserved bits 4 to 23 included, is masked off before negotiation (FF-DRV-4).
        /// </summary>
        public ulong SupportedFeatures { get; init; } = AllFeatures;

        /// <summary>Request buffers kept posted on requestq; at least two (FF-DRV-2), so a STATUS gets through during a FREEZE.</summary>
        public int RequestBuffers { get; init; } = 4;

        /// <summary>Reply buffers in the replyq pool; a reply waits in memory for a free one, never dropped (FF-DRV-8).</summary>
        public int ReplyBuffers { get; init; } = 4;

        /// <summary>Upper bound on each queue's size (rounded down to a power of two, capped by QueueSizeMax).</summary>
        public ushort MaxQueueSize { get; init; } = 16;

        /// <summary>
        /// When a deadline thaw fails on some superblock (FF-DRV-25 keeps it held), how long until the driver retries.
        /// The spec says a later THAW or "the deadline" retries; a deadline that already passed cannot fire again, so
        /// the model re-arms it this far ahead (this document's choice).
        /// </summary>
        public TimeSpan ThawRetryInterval { get; init; } = TimeSpan.FromMilliseconds(100);
    }
}
