namespace FsFreeze.Guest.Driver
{
    /// <summary>
    /// Where the driver's virtqueue buffers are, for leak checks (FF-RING-14, FF-DRV-2, FF-DRV-32): at rest every
    /// request buffer is posted and in flight at the device, every reply chain has been used and reclaimed, and a
    /// reset returns all of them.
    /// </summary>
    /// <param name="RequestBuffers">Request buffers the driver owns.</param>
    /// <param name="RequestBuffersPosted">Of those, the ones made available on requestq and not yet reclaimed.</param>
    /// <param name="RequestqInFlight">Chains the requestq driver end holds in flight (made available, not reclaimed).</param>
    /// <param name="LostRequestBuffers">Request buffers a refused completion took that are not yet replaced (FF-DRV-13).</param>
    /// <param name="ReplyBuffersInUse">Reply buffers made available on replyq and not yet reclaimed.</param>
    /// <param name="ReplyqInFlight">Chains the replyq driver end holds in flight.</param>
    /// <param name="PendingMessages">Replies and events waiting for a free reply buffer.</param>
    public readonly record struct DriverQueueAccounting(
        int RequestBuffers,
        int RequestBuffersPosted,
        int RequestqInFlight,
        int LostRequestBuffers,
        int ReplyBuffersInUse,
        int ReplyqInFlight,
        int PendingMessages);
}
