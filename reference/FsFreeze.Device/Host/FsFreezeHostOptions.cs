using System;

namespace FsFreeze.Device.Host
{
    /// <summary>Timeouts and retries of the host API.</summary>
    public sealed record FsFreezeHostOptions
    {
        /// <summary>How long a THAW or STATUS waits for its reply (FF-HOST-2: the host's own timeout).</summary>
        public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(5);

        /// <summary>
        /// How often the THAW of an unused freeze (FF-HOST-3) is retried when the driver answers BUSY (its FREEZE is
        /// still being carried out, FF-DRV-9) or the host's own control slot is taken.
        /// </summary>
        public int CleanupThawAttempts { get; init; } = 10;

        /// <summary>Pause between those attempts.</summary>
        public TimeSpan CleanupThawRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);
    }
}
