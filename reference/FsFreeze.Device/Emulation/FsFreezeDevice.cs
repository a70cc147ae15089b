using System;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices;
using Wire = FsFreeze.Protocol.FsFreezeDevice;

namespace FsFreeze.Device.Emulation
{
    /// <summary>
    /// The reference virtio-fsfreeze device (spec "Device operation"): DeviceID 65535, requestq 0 and replyq 1,
    /// the four feature bits, and the 12-byte configuration. The host sends requests by filling buffers the
    /// driver posted on requestq; the driver's replies arrive on replyq and are validated before they complete
    /// anything. Whatever the driver writes ends as a counted ignore, a protocol error, an accepted reply or
    /// DEVICE_NEEDS_RESET, never as an exception (FF-DEV-14).
    /// </summary>
    public sealed partial class FsFreezeDevice : VirtioDevice, IFsFreezeDeviceEndpoint
    {
        private readonly byte[] _configBytes = new byte[FsFreezeConfig.Size];
        private IFsFreezeDeviceObserver? _observer;
        private AwaitedRequests _awaited;
        private uint _lastRequestId;

        /// <summary>Creates the device.</summary>
        /// <exception cref="ArgumentOutOfRangeException">
        /// The configuration breaks FF-DEV-5, an offered feature is not one of the four (FF-DEV-3), or QueueSizeMax is
        /// below 2 (FF-DEV-2): host misconfiguration, refused before a driver can see it.
        /// </exception>
        public FsFreezeDevice(FsFreezeDeviceOptions? options = null)
            : this(options ?? new FsFreezeDeviceOptions(), 0)
        {
        }

        private FsFreezeDevice(FsFreezeDeviceOptions options, int unused)
            : base(Wire.DeviceId, options.VendorId, CheckFeatures(options.OfferedFeatures), CheckQueueSizes(options.QueueSizeMax), FsFreezeConfig.Size)
        {
            _ = unused;
            ConfigProblem problem = options.Config.Validate();
            if (problem != ConfigProblem.None)
            {
                throw new ArgumentOutOfRangeException(nameof(options), $"The configuration breaks FF-DEV-5: {problem}.");
            }

            Config = options.Config;

            // FF-DEV-5: the bytes never change afterwards, so nothing changes under DRIVER_OK.
            Config.Encode(_configBytes);
        }

        /// <inheritdoc />
        public FsFreezeConfig Config { get; }

        /// <inheritdoc />
        public ulong NegotiatedFeatures => IsAttached ? Context.NegotiatedFeatures & FsFreezeFeature.KnownMask : 0;

        /// <inheritdoc />
        public bool IsDriverReady => IsAttached && Context.CanProcessQueues;

        /// <inheritdoc />
        public AwaitedRequests Awaited => _awaited;

        /// <inheritdoc />
        public ReplyCounters Counters { get; } = new();

        /// <summary>The id the last request carried (0 before the first).</summary>
        public uint LastRequestId => _lastRequestId;

        /// <inheritdoc />
        public void SetObserver(IFsFreezeDeviceObserver observer)
        {
            ArgumentNullException.ThrowIfNull(observer);
            _observer = observer;
        }

        /// <inheritdoc />
        public bool Abandon(uint requestId)
        {
            if (requestId == 0)
            {
                return false;
            }

            if (requestId == _awaited.ControlRequestId)
            {
                _awaited = _awaited.WithControl(_awaited.ControlType, 0);
                return true;
            }

            if (requestId == _awaited.StatusRequestId)
            {
                _awaited = _awaited.WithStatus(0);
                return true;
            }

            return false;
        }

        /// <inheritdoc />
        protected override void ReadConfig(int offset, Span<byte> destination) =>
            _configBytes.AsSpan(offset, destination.Length).CopyTo(destination);

        // WriteConfig keeps the base behaviour: the configuration is read-only to the driver (FF-DRV-6).

        /// <inheritdoc />
        protected override void OnDriverOk() => ProcessReplies();

        /// <inheritdoc />
        protected override void OnQueueNotify(int queueIndex)
        {
            // requestq buffers are taken when the host sends a request; only replyq has work on a notification.
            if (queueIndex == Wire.ReplyQueueIndex)
            {
                ProcessReplies();
            }
        }

        /// <inheritdoc />
        protected override void OnReset()
        {
            // virtio 1.4 "Device Reset": drop everything; the host's awaited operations end as NO_DRIVER.
            DropAwaited();
        }

        /// <summary>
        /// Checks that the driver is still there; when it is not (it set FAILED, or the transport set
        /// DEVICE_NEEDS_RESET) awaited requests can never be answered, so they end now (FF-DEV-6).
        /// </summary>
        private bool EnsureDriverReady()
        {
            if (IsDriverReady)
            {
                return true;
            }

            DropAwaited();
            return false;
        }

        private void DropAwaited()
        {
            DropRaw();
            AwaitedRequests dropped = _awaited;
            _awaited = AwaitedRequests.None;
            if (dropped.ControlRequestId != 0 || dropped.StatusRequestId != 0)
            {
                _observer?.OnDriverGone(dropped.ControlRequestId, dropped.StatusRequestId);
            }
        }

        /// <summary>The driver broke the device's rules: DEVICE_NEEDS_RESET (FF-INIT-7), and nothing awaits any more.</summary>
        private void Fail()
        {
            Context.ReportUnrecoverableError();
            DropAwaited();
        }

        private static ulong CheckFeatures(ulong offered)
        {
            // FF-DEV-3: only the four defined device-specific bits; VERSION_1 is added by the base. The ring
            // features (EVENT_IDX, RING_PACKED) lie outside the device-specific range and may be offered too.
            ulong allowed = FsFreezeFeature.KnownMask | VirtioFeatureBit.RingFeatures;
            if ((offered & ~allowed) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(offered), $"Feature bits 0x{offered & ~allowed:x} are not virtio-fsfreeze features.");
            }

            return offered;
        }

        private static ushort[] CheckQueueSizes(ushort queueSizeMax)
        {
            if (queueSizeMax < Wire.MinQueueSizeMax)
            {
                throw new ArgumentOutOfRangeException(nameof(queueSizeMax), "FF-DEV-2 asks for a QueueSizeMax of at least 2.");
            }

            return [queueSizeMax, queueSizeMax];
        }
    }
}
