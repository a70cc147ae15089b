using FsFreeze.Protocol.Replies;

namespace FsFreeze.Device.Emulation
{
    /// <summary>
    /// What the device tells the host side about the driver's messages and its own lifecycle. Calls come from
    /// inside the device's queue processing, so an observer must not re-enter the transport's register file.
    /// </summary>
    public interface IFsFreezeDeviceObserver
    {
        /// <summary>
        /// An awaited request is complete: <paramref name="verdict"/> is Accepted (its reply) or ProtocolError
        /// (FF-DEV-12). The request no longer awaits a reply.
        /// </summary>
        void OnRequestCompleted(uint requestId, in ReplyVerdict verdict);

        /// <summary>A valid EVENT arrived (FF-DEV-13): the guest state changed without a request.</summary>
        void OnEvent(in ReplyVerdict verdict);

        /// <summary>
        /// Every awaited request was dropped because the driver went away (reset, DEVICE_NEEDS_RESET, FAILED):
        /// their operations end as NO_DRIVER (FF-HOST-1).
        /// </summary>
        void OnDriverGone(uint controlRequestId, uint statusRequestId);
    }
}
