using System;
using System.Collections.Generic;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Device.Snapshot
{
    /// <summary>How a snapshot runs.</summary>
    public sealed record SnapshotOptions
    {
        /// <summary>The FREEZE deadline; FF-HOST-6 asks for one longer than <see cref="CopyDuration"/>.</summary>
        public uint FreezeDeadlineMs { get; init; } = 30_000;

        /// <summary>Application notice for the FREEZE (needs APP_NOTICE), 0 for none.</summary>
        public ushort NoticeMs { get; init; }

        /// <summary>Filesystems to freeze (needs SELECTIVE); empty for all.</summary>
        public IReadOnlyList<Selector> Selectors { get; init; } = [];

        /// <summary>Virtual time the image copy takes.</summary>
        public TimeSpan CopyDuration { get; init; } = TimeSpan.FromSeconds(1);

        /// <summary>How often the drain is checked.</summary>
        public TimeSpan DrainPollInterval { get; init; } = TimeSpan.FromMilliseconds(1);

        /// <summary>How long the snapshot waits for the disks to drain before it gives up (an error path, FF-HOST-5).</summary>
        public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(60);
    }
}
