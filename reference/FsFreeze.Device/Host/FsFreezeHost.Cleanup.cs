using FsFreeze.Protocol;

namespace FsFreeze.Device.Host
{
    /// <summary>FF-HOST-3: a freeze the host does not use is thawed as soon as possible, not left to the deadline.</summary>
    public sealed partial class FsFreezeHost
    {
        /// <summary>
        /// A FREEZE result the host cannot use while the guest may hold a freeze: no reply in time (the guest may
        /// complete the freeze after the host gave up), a protocol error (nothing in the reply can be trusted), or a
        /// FAILED or DEADLINE reply (rolled back per FF-DRV-19 and FF-DRV-14, but a THAW with nothing frozen is
        /// harmless, FF-DRV-24, and covers a driver that did not roll back). Refusals (BUSY, INVALID, UNSUPPORTED,
        /// ALREADY_FROZEN) changed nothing; ALREADY_FROZEN's freeze belongs to whoever froze first, so it is not
        /// thawed here (this document's choice). NO_DRIVER needs nothing: a driver thaws on reset (FF-DRV-28).
        /// </summary>
        private static bool IsUnusableFreeze(HostResult result) => result.Kind switch
        {
            HostResultKind.DeadlinePassed or HostResultKind.ProtocolError => true,
            HostResultKind.Completed => result.Status is ReplyStatus.Failed or ReplyStatus.Deadline,
            _ => false,
        };

        /// <summary>
        /// Sends the THAW now; retries later when the driver answers BUSY (its FREEZE is still being carried out,
        /// FF-DRV-9) or the control slot is taken, at most <see cref="FsFreezeHostOptions.CleanupThawAttempts"/> times.
        /// </summary>
        private void StartCleanupThaw(int attempt)
        {
            if (!_device.IsDriverReady || attempt >= Options.CleanupThawAttempts)
            {
                return;
            }

            HostOperation thaw = Thaw();
            _cleanupThaws.Add(thaw);
            thaw.OnCompleted(done =>
            {
                HostResult result = done.Result;
                bool busy = result.Kind == HostResultKind.Busy || (result.IsCompleted && result.Status == ReplyStatus.Busy);
                if (busy)
                {
                    _clock.Schedule(Options.CleanupThawRetryDelay, "host.cleanup-thaw.retry", () => StartCleanupThaw(attempt + 1));
                }
            });
        }
    }
}
