using System;
using System.Collections.Generic;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Systems
{
    /// <summary>How a <see cref="FsFreezeSystem"/> is built.</summary>
    public sealed record SystemOptions
    {
        /// <summary>The scheduler's seed: it decides the interleaving, I/O completion order and the workloads.</summary>
        public ulong Seed { get; init; } = 1;

        /// <summary>One filesystem (on its own virtual disk) per entry, mounted at /mnt/&lt;disk&gt;-&lt;type&gt;.</summary>
        public IReadOnlyList<FilesystemType> Filesystems { get; init; } =
            [FilesystemTypes.Ext4, FilesystemTypes.Xfs, FilesystemTypes.Btrfs, FilesystemTypes.Vfat];

        /// <summary>Bytes of each virtual disk.</summary>
        public int DiskSize { get; init; } = 1 << 20;

        /// <summary>The guest's tick: I/O completes and sleeping workload tasks wake on it (see <see cref="SystemTicker"/>).</summary>
        public TimeSpan TimeQuantum { get; init; } = TimeSpan.FromMilliseconds(0.25);

        /// <summary>True to probe virtio-fsfreeze.ko at start; false models a guest without the driver.</summary>
        public bool LoadDriver { get; init; } = true;

        /// <summary>
        /// Ring features (VIRTIO_F_EVENT_IDX, VIRTIO_F_RING_PACKED; see
        /// <see cref="FsFreeze.Virtio.Common.VirtioFeatureBit.RingFeatures"/>) the device offers and the driver
        /// accepts; none by default, so both queues are split rings without EVENT_IDX.
        /// </summary>
        public ulong RingFeatures { get; init; }
    }
}
