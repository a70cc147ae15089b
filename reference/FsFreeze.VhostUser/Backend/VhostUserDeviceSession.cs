using System;
using System.Collections.Generic;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Mmio;
using FsFreeze.VhostUser.Memory;
using FsFreeze.VhostUser.Native;
using FsFreeze.VhostUser.Protocol;
using FsFreeze.VhostUser.Transport;

namespace FsFreeze.VhostUser.Backend
{
    /// <summary>
    /// The back-end side of one vhost-user connection, serving a <see cref="VirtioDevice"/> of the virtio core. The
    /// device sits behind the core's own virtio-mmio register file, and the session turns each message into the
    /// register accesses a driver would make (SET_FEATURES into DriverFeatures and FEATURES_OK, a started and
    /// enabled ring into QueueReady, a kick into QueueNotify, SET_STATUS into Status), so the status, feature and
    /// ring rules are the core's and exist once. Without the STATUS protocol feature (Linux's virtio_uml) the
    /// session plays the status itself: FEATURES_OK at SET_FEATURES, DRIVER_OK once every ring runs, a reset once
    /// every ring is stopped again. Malformed messages get a failing REPLY_ACK status, a zero-size GET_CONFIG
    /// reply, or the end of the connection; never an exception out of <see cref="HandleNext"/>.
    /// </summary>
    public sealed partial class VhostUserDeviceSession : IDisposable
    {
        /// <summary>The protocol features this back-end offers.</summary>
        public static readonly ulong OfferedProtocolFeatures =
            VhostUserFeatures.Mask(VhostUserProtocolFeature.Mq)
            | VhostUserFeatures.Mask(VhostUserProtocolFeature.ReplyAck)
            | VhostUserFeatures.Mask(VhostUserProtocolFeature.BackendReq)
            | VhostUserFeatures.Mask(VhostUserProtocolFeature.Config)
            | VhostUserFeatures.Mask(VhostUserProtocolFeature.ResetDevice)
            | VhostUserFeatures.Mask(VhostUserProtocolFeature.Status);

        private const ulong Failure = 1;
        private readonly VhostUserChannel _channel;
        private readonly Func<VirtioDevice> _createDevice;
        private readonly IVhostUserSessionObserver _observer;
        private readonly VringRecord[] _rings;
        private readonly SessionInterruptLine _line = new();
        private MappedGuestMemory _memory = MappedGuestMemory.Empty;
        private VirtioDevice _device;
        private VirtioMmioTransport _transport;
        private FileDescriptor? _backendChannel;
        private ulong _protocolFeatures;
        private bool _protocolFeaturesNegotiated;
        private bool _owner;
        private ulong _driverFeatures;
        private bool _featuresSet;
        private bool _faultReported;

        /// <summary>Serves devices made by <paramref name="createDevice"/> over <paramref name="channel"/>, taking ownership of it.</summary>
        public VhostUserDeviceSession(VhostUserChannel channel, Func<VirtioDevice> createDevice, IVhostUserSessionObserver observer)
        {
            ArgumentNullException.ThrowIfNull(channel);
            ArgumentNullException.ThrowIfNull(createDevice);
            ArgumentNullException.ThrowIfNull(observer);
            _channel = channel;
            _createDevice = createDevice;
            _observer = observer;
            (_device, _transport) = CreateDevice(_memory);
            _rings = new VringRecord[_device.QueueCount];
            for (int i = 0; i < _rings.Length; i++)
            {
                _rings[i] = new VringRecord();
            }
        }

        /// <summary>How long the rest of a message is awaited once its first byte arrived.</summary>
        public TimeSpan MessageTimeout { get; init; } = TimeSpan.FromSeconds(5);

        /// <summary>The connection's socket descriptor, for the program's poll loop.</summary>
        public int SocketFd => _channel.Fd;

        /// <summary>The device currently served.</summary>
        public VirtioDevice Device => _device;

        /// <summary>The register file in front of it.</summary>
        public VirtioMmioTransport Transport => _transport;

        /// <summary>The kick descriptors of the started rings, for the program's poll loop.</summary>
        public IEnumerable<(int Ring, int Fd)> KickFds
        {
            get
            {
                for (int i = 0; i < _rings.Length; i++)
                {
                    if (_rings[i].Kick is { } kick)
                    {
                        yield return (i, kick.Descriptor.Fd);
                    }
                }
            }
        }

        /// <summary>
        /// Reads and handles one message (the caller polled the socket). False when the connection is over: the
        /// front-end closed it, or broke the framing and was closed.
        /// </summary>
        public bool HandleNext()
        {
            // Kicks that arrived before this message are handled first, so a round trip (UML's GET_FEATURES after
            // disabling rings, the suite's GET_STATUS after a kick) tells the front-end its kicks were seen.
            ServiceAllKicks();
            VhostUserMessage? message;
            try
            {
                message = _channel.Receive(MessageTimeout);
            }
            catch (VhostUserException e)
            {
                _observer.OnLog($"closing the connection: {e.Message}");
                return false;
            }

            if (message is null)
            {
                _observer.OnLog("the front-end closed the connection");
                return false;
            }

            using (message)
            {
                try
                {
                    return Handle(message);
                }
                catch (VhostUserException e)
                {
                    _observer.OnLog($"closing the connection after {message}: {e.Message}");
                    return false;
                }
                finally
                {
                    Flush();
                }
            }
        }

        /// <summary>Consumes a pending kick of <paramref name="ring"/> and lets the device see it (QueueNotify).</summary>
        public void ServiceKick(int ring)
        {
            if (ring < 0 || ring >= _rings.Length || _rings[ring].Kick is not { } kick || !kick.TryConsume())
            {
                return;
            }

            if (_transport.GetDeviceQueue(ring) is not null)
            {
                _transport.Write(MmioRegister.QueueNotify, MmioRegister.ControlRegisterWidth, (uint)ring);
            }

            Flush();
        }

        /// <summary>Consumes every pending kick: called before answering the host, so what the driver did first is seen first.</summary>
        public void ServiceAllKicks()
        {
            for (int i = 0; i < _rings.Length; i++)
            {
                ServiceKick(i);
            }
        }

        /// <summary>
        /// The guest-physical address of ring <paramref name="ring"/>'s used ring (split) or device area (packed), as
        /// the front-end described it; false while the ring is undescribed or outside guest memory. For a host that
        /// writes the ring itself (driver testing: a forged used element, FF-DRV-13).
        /// </summary>
        public bool TryGetUsedRingAddress(int ring, out ulong guestPhysical)
        {
            guestPhysical = 0;
            return ring >= 0 && ring < _rings.Length && _rings[ring].Address is { } address && _memory.TryTranslateUserAddress(address.Used, out guestPhysical);
        }

        /// <summary>Runs <paramref name="action"/> on the device (a host request) and sends the notifications it caused.</summary>
        public void OnDevice(Action action)
        {
            ArgumentNullException.ThrowIfNull(action);
            action();
            Flush();
        }

        /// <summary>The driver went away (the connection ended): reset, so awaited host requests end now.</summary>
        public void Dispose()
        {
            WriteStatus(0);
            foreach (VringRecord ring in _rings)
            {
                ring.Clear();
            }

            _backendChannel?.Dispose();
            _channel.Dispose();
            _memory.Dispose();
        }

        private (VirtioDevice, VirtioMmioTransport) CreateDevice(MappedGuestMemory memory)
        {
            VirtioDevice device = _createDevice();
            var transport = new VirtioMmioTransport(device, memory.Memory, _line);
            _observer.OnDeviceCreated(device, transport);
            return (device, transport);
        }

        private DeviceStatus Status => _transport.Status;

        private bool StatusNegotiated => VhostUserFeatures.Has(_protocolFeatures, VhostUserProtocolFeature.Status);

        private void WriteStatus(uint status) => _transport.Write(MmioRegister.Status, MmioRegister.ControlRegisterWidth, status);

        private void WriteRegister(ulong offset, uint value) => _transport.Write(offset, MmioRegister.ControlRegisterWidth, value);

        /// <summary>Sends the notifications the device raised and reports a new DEVICE_NEEDS_RESET.</summary>
        private void Flush()
        {
            MmioInterrupt pending = _line.Take();
            if ((pending & MmioInterrupt.UsedBuffer) != 0)
            {
                SignalCalls();
            }

            if ((pending & MmioInterrupt.ConfigurationChange) != 0)
            {
                SendBackendRequest(VhostUserBackendRequest.ConfigChangeMsg);
            }

            if (pending != MmioInterrupt.None)
            {
                WriteRegister(MmioRegister.InterruptAck, (uint)pending);
            }

            DeviceFault? fault = _transport.Fault;
            if (fault is null)
            {
                _faultReported = false;
            }
            else if (!_faultReported)
            {
                _faultReported = true;
                _observer.OnDriverViolation(null, $"the device entered DEVICE_NEEDS_RESET: {fault}", fault);
            }
        }

        private sealed class SessionInterruptLine : IInterruptLine
        {
            private MmioInterrupt _pending;

            public void Raise(MmioInterrupt pending) => _pending |= pending;

            public MmioInterrupt Take()
            {
                MmioInterrupt pending = _pending;
                _pending = MmioInterrupt.None;
                return pending;
            }
        }
    }
}
