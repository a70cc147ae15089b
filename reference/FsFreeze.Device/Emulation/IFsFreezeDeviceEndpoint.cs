using System.Collections.Generic;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Device.Emulation
{
    /// <summary>
    /// The host-facing side of a virtio-fsfreeze device: send requests, stop awaiting one, learn about replies.
    /// <see cref="FsFreezeDevice"/> is the reference; another device implementation provides this to reuse the
    /// host API and the conformance suite's device tests.
    /// </summary>
    public interface IFsFreezeDeviceEndpoint
    {
        /// <summary>The configuration space the device presents (FF-DEV-5).</summary>
        FsFreezeConfig Config { get; }

        /// <summary>The device-specific features negotiated with the driver, 0 before FEATURES_OK.</summary>
        ulong NegotiatedFeatures { get; }

        /// <summary>True when DRIVER_OK is set and neither DEVICE_NEEDS_RESET nor FAILED is (FF-DEV-6).</summary>
        bool IsDriverReady { get; }

        /// <summary>The requests awaiting replies (FF-DEV-8).</summary>
        AwaitedRequests Awaited { get; }

        /// <summary>What the device did with replyq messages.</summary>
        ReplyCounters Counters { get; }

        /// <summary>Registers the one observer of completions, events and driver loss.</summary>
        void SetObserver(IFsFreezeDeviceObserver observer);

        /// <summary>Sends a FREEZE (FF-DEV-4 checked here: no selector without SELECTIVE, no notice without APP_NOTICE).</summary>
        SendOutcome SendFreeze(uint deadlineMs, ushort noticeMs, IReadOnlyList<Selector> selectors, out uint requestId);

        /// <summary>Sends a THAW.</summary>
        SendOutcome SendThaw(out uint requestId);

        /// <summary>Sends a STATUS.</summary>
        SendOutcome SendStatus(out uint requestId);

        /// <summary>
        /// Stops awaiting <paramref name="requestId"/> (the host gave up on it, FF-HOST-2); a reply that comes later
        /// is ignored as an unknown request id (FF-DEV-11). False when it was not awaited.
        /// </summary>
        bool Abandon(uint requestId);
    }
}
