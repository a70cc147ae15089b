using System;

namespace FsFreeze.Guest.Driver
{
    /// <content>A read-only view of the driver's buffer bookkeeping, for leak checks.</content>
    public sealed partial class FsFreezeDriver
    {
        /// <summary>The driver's buffers and chains as it counts them now (see <see cref="DriverQueueAccounting"/>).</summary>
        public DriverQueueAccounting Accounting => new(
            requestBuffers.Length,
            Array.FindAll(requestPosted, static p => p).Length,
            requestq?.InFlightCount ?? 0,
            lostRequestBuffers,
            Array.FindAll(replyInUse, static u => u).Length,
            replyq?.InFlightCount ?? 0,
            pendingMessages.Count);
    }
}
