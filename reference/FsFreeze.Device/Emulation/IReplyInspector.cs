using System;
using FsFreeze.Protocol.Replies;

namespace FsFreeze.Device.Emulation
{
    /// <summary>
    /// What the device tells a checker beyond <see cref="IFsFreezeDeviceObserver"/>: the bytes of replies to raw
    /// requests (driver testing, <see cref="FsFreezeDevice.SendRaw"/>) and of every replyq message it ignored
    /// (FF-DEV-11, FF-DEV-13), so the driver rule broken can be named. Calls come from inside queue processing.
    /// </summary>
    public interface IReplyInspector
    {
        /// <summary>
        /// The message taken as the reply to the awaited raw request <paramref name="request"/>, which no longer
        /// awaits; <paramref name="message"/> is what the device read (at most <see cref="FsFreezeDevice.MaxReplyBytes"/>).
        /// </summary>
        void OnRawReply(RawRequest request, ReadOnlySpan<byte> message);

        /// <summary>A message the device ignored, with its verdict (never a raw request's reply).</summary>
        void OnIgnored(ReadOnlySpan<byte> message, in ReplyVerdict verdict);

        /// <summary>The raw request awaiting a reply was dropped: the driver went away (reset, DEVICE_NEEDS_RESET, FAILED).</summary>
        void OnRawDropped(RawRequest request);
    }
}
