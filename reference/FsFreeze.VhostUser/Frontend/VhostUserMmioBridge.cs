using System;
using System.Buffers.Binary;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Mmio;
using FsFreeze.VhostUser.Native;
using FsFreeze.VhostUser.Protocol;
using FsFreeze.VhostUser.Transport;

namespace FsFreeze.VhostUser.Frontend
{
    /// <summary>
    /// A virtio-mmio register file whose device is a vhost-user back-end in another process, so code written
    /// against <see cref="IMmioRegisterFile"/> (the suite's driver, <see cref="MmioDriverSession"/>) drives it
    /// unchanged. Registers map onto messages: the feature windows onto GET/SET_FEATURES, Status onto
    /// SET/GET_STATUS, QueueReady onto SET_VRING_NUM/BASE/ADDR/CALL/KICK/ENABLE (and GET_VRING_BASE to stop),
    /// QueueNotify onto the kick eventfd, the configuration onto GET/SET_CONFIG; InterruptStatus collects the call
    /// eventfds and the back-end's CONFIG_CHANGE_MSG. The back-end must offer REPLY_ACK, CONFIG and STATUS.
    /// </summary>
    public sealed class VhostUserMmioBridge : MmioRegisterFile, IDisposable
    {
        /// <summary>The protocol features the bridge needs.</summary>
        public static readonly ulong RequiredProtocolFeatures =
            VhostUserFeatures.Mask(VhostUserProtocolFeature.ReplyAck)
            | VhostUserFeatures.Mask(VhostUserProtocolFeature.Config)
            | VhostUserFeatures.Mask(VhostUserProtocolFeature.Status);

        /// <summary>The protocol features the bridge uses when offered.</summary>
        public static readonly ulong OptionalProtocolFeatures =
            VhostUserFeatures.Mask(VhostUserProtocolFeature.Mq)
            | VhostUserFeatures.Mask(VhostUserProtocolFeature.BackendReq);

        private readonly VhostUserFrontend _frontend;
        private readonly VhostUserDeviceIdentity _identity;
        private readonly IInterruptLine? _line;
        private readonly BridgeQueue[] _queues;
        private readonly ulong _deviceFeatures;
        private readonly VhostUserChannel? _backendRequests;
        private uint _deviceFeaturesSel;
        private uint _driverFeaturesSel;
        private ulong _driverFeatures;
        private ulong? _featuresSent;
        private uint _queueSel;
        private MmioInterrupt _interruptStatus;

        /// <summary>
        /// Opens the session: SET_OWNER, features, protocol features, the back-end request channel, SET_MEM_TABLE of
        /// <paramref name="memory"/>. <paramref name="synchronize"/> runs after every kick and status change and must
        /// return once the back-end has handled them (default: a GET_STATUS round trip).
        /// </summary>
        /// <exception cref="VhostUserException">The back-end refused a step, lacks a required feature, or went silent.</exception>
        public VhostUserMmioBridge(VhostUserFrontend frontend, FrontendMemory memory, VhostUserDeviceIdentity identity, IInterruptLine? line, Action? synchronize = null)
        {
            ArgumentNullException.ThrowIfNull(frontend);
            ArgumentNullException.ThrowIfNull(memory);
            ArgumentNullException.ThrowIfNull(identity);
            _frontend = frontend;
            _identity = identity;
            _line = line;
            Synchronize = synchronize ?? (() => _frontend.GetStatus());

            Check(_frontend.SetOwner(), "SET_OWNER");
            ulong features = _frontend.GetFeatures();
            if ((features & VhostUserFeatures.ProtocolFeatures) == 0)
            {
                throw new VhostUserException("the back-end does not offer VHOST_USER_F_PROTOCOL_FEATURES (bit 30)");
            }

            _deviceFeatures = features & ~VhostUserFeatures.ProtocolFeatures;
            ulong offered = _frontend.GetProtocolFeatures();
            if ((offered & RequiredProtocolFeatures) != RequiredProtocolFeatures)
            {
                throw new VhostUserException($"the back-end offers protocol features 0x{offered:x}; REPLY_ACK, CONFIG and STATUS (0x{RequiredProtocolFeatures:x}) are needed");
            }

            ulong use = offered & (RequiredProtocolFeatures | OptionalProtocolFeatures);
            Check(_frontend.SetProtocolFeatures(use), "SET_PROTOCOL_FEATURES");
            int queueCount = VhostUserFeatures.Has(use, VhostUserProtocolFeature.Mq) ? (int)Math.Min(_frontend.GetQueueNum(), 256) : 1;
            _queues = new BridgeQueue[queueCount];
            for (int i = 0; i < queueCount; i++)
            {
                _queues[i] = new BridgeQueue(identity.QueueSizeMax);
            }

            if (VhostUserFeatures.Has(use, VhostUserProtocolFeature.BackendReq))
            {
                (VhostUserChannel ours, VhostUserChannel theirs) = VhostUserChannel.CreatePair();
                _backendRequests = ours;
                using (theirs)
                {
                    Check(_frontend.SetBackendReqFd(theirs.Fd), "SET_BACKEND_REQ_FD");
                }
            }

            Check(_frontend.SetMemTable([memory.Region], [memory.Fd.Fd]), "SET_MEM_TABLE");
        }

        /// <summary>The round trip that waits for the back-end to handle what was sent.</summary>
        public Action Synchronize { get; set; }

        /// <summary>The number of queues the back-end reported (GET_QUEUE_NUM).</summary>
        public int QueueCount => _queues.Length;

        /// <inheritdoc />
        protected override uint ReadRegister(ulong offset)
        {
            BridgeQueue? queue = _queueSel < (uint)_queues.Length ? _queues[_queueSel] : null;
            return offset switch
            {
                MmioRegister.DeviceId => _identity.DeviceId,
                MmioRegister.VendorId => _identity.VendorId,
                MmioRegister.DeviceFeatures => FeatureWindow(_deviceFeatures, _deviceFeaturesSel),
                MmioRegister.QueueSizeMax => queue?.SizeMax ?? 0u,
                MmioRegister.QueueReady => queue is { Ready: true } ? 1u : 0u,
                MmioRegister.InterruptStatus => (uint)PollInterrupts(),
                MmioRegister.Status => _frontend.GetStatus(),
                _ => 0,
            };
        }

        /// <inheritdoc />
        protected override void WriteRegister(ulong offset, uint value)
        {
            BridgeQueue? queue = _queueSel < (uint)_queues.Length ? _queues[_queueSel] : null;
            switch (offset)
            {
                case MmioRegister.DeviceFeaturesSel:
                    _deviceFeaturesSel = value;
                    break;
                case MmioRegister.DriverFeaturesSel:
                    _driverFeaturesSel = value;
                    break;
                case MmioRegister.DriverFeatures:
                    _driverFeatures = WithFeatureWindow(_driverFeatures, _driverFeaturesSel, value);
                    break;
                case MmioRegister.QueueSel:
                    _queueSel = value;
                    break;
                case MmioRegister.QueueSize when queue is { Ready: false }:
                    queue.Size = value;
                    break;
                case MmioRegister.QueueDescLow or MmioRegister.QueueDescHigh or MmioRegister.QueueDriverLow
                    or MmioRegister.QueueDriverHigh or MmioRegister.QueueDeviceLow or MmioRegister.QueueDeviceHigh when queue is { Ready: false }:
                    queue.SetAddress(offset, value);
                    break;
                case MmioRegister.QueueReady when queue is not null:
                    SetQueueReady((int)_queueSel, queue, value);
                    break;
                case MmioRegister.QueueNotify:
                    Notify(value);
                    break;
                case MmioRegister.InterruptAck:
                    _interruptStatus &= ~(MmioInterrupt)value;
                    break;
                case MmioRegister.Status:
                    WriteStatus(value);
                    break;
                default:
                    break;
            }
        }

        /// <summary>
        /// Collects call notifications and back-end requests into InterruptStatus and raises the line for new bits;
        /// returns InterruptStatus. Call it after anything that may have made the device notify.
        /// </summary>
        public MmioInterrupt PollInterrupts()
        {
            MmioInterrupt raised = MmioInterrupt.None;
            foreach (BridgeQueue queue in _queues)
            {
                if (queue.Ready && queue.Call.TryConsume())
                {
                    raised |= MmioInterrupt.UsedBuffer;
                }
            }

            while (_backendRequests is not null && _backendRequests.Poll(TimeSpan.Zero))
            {
                using VhostUserMessage? request = _backendRequests.Receive(_frontend.Timeout);
                if (request is null)
                {
                    break;
                }

                switch ((VhostUserBackendRequest)request.Header.Request)
                {
                    case VhostUserBackendRequest.ConfigChangeMsg:
                        AdvanceConfigGeneration();
                        raised |= MmioInterrupt.ConfigurationChange;
                        break;
                    case VhostUserBackendRequest.VringCall:
                        raised |= MmioInterrupt.UsedBuffer;
                        break;
                }

                if (request.Header.NeedsReply)
                {
                    _backendRequests.Send(VhostUserHeader.ReplyTo(request.Header, sizeof(ulong)), VhostUserMessage.U64(0));
                }
            }

            MmioInterrupt newly = raised & ~_interruptStatus;
            _interruptStatus |= raised;
            if (newly != MmioInterrupt.None)
            {
                _line?.Raise(_interruptStatus);
            }

            return _interruptStatus;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            foreach (BridgeQueue queue in _queues)
            {
                queue.Dispose();
            }

            _backendRequests?.Dispose();
            _frontend.Dispose();
        }

        private void WriteStatus(uint value)
        {
            if (value == 0)
            {
                Check(_frontend.SetStatus(0), "SET_STATUS 0");
                _deviceFeaturesSel = 0;
                _driverFeaturesSel = 0;
                _driverFeatures = 0;
                _featuresSent = null;
                _queueSel = 0;
                _interruptStatus = MmioInterrupt.None;
                foreach (BridgeQueue queue in _queues)
                {
                    queue.Reset();
                }

                Synchronize();
                return;
            }

            if (value > byte.MaxValue)
            {
                return;
            }

            // DriverFeatures travel once, just before the status that confirms them (FEATURES_OK).
            if ((value & (uint)DeviceStatus.FeaturesOk) != 0 && _featuresSent != _driverFeatures)
            {
                _frontend.SetFeatures(_driverFeatures | VhostUserFeatures.ProtocolFeatures);
                _featuresSent = _driverFeatures;
            }

            _frontend.SetStatus((byte)value);
            Synchronize();
            PollInterrupts();
        }

        private void SetQueueReady(int index, BridgeQueue queue, uint value)
        {
            if (value == 0)
            {
                if (queue.Ready)
                {
                    _frontend.GetVringBase((uint)index);
                    queue.Ready = false;
                }

                return;
            }

            if (value != 1 || queue.Ready)
            {
                return;
            }

            uint i = (uint)index;
            bool ok = _frontend.SetVringNum(i, queue.Size) == 0
                && _frontend.SetVringBase(i, 0) == 0
                && _frontend.SetVringAddr(new VringAddress(i, 0, queue.DescriptorArea, queue.DeviceArea, queue.DriverArea, 0)) == 0
                && _frontend.SetVringCall(i, queue.Call.Descriptor.Fd) == 0
                && _frontend.SetVringKick(i, queue.Kick.Descriptor.Fd) == 0
                && _frontend.SetVringEnable(i, true) == 0;
            if (!ok)
            {
                // Refused (a bad layout sets DEVICE_NEEDS_RESET, as FF-MMIO-6 asks): the ring must not start later.
                _frontend.SetVringEnable(i, false);
            }

            queue.Ready = ok;
            PollInterrupts();
        }

        private void Notify(uint value)
        {
            if (value >= (uint)_queues.Length || !_queues[value].Ready)
            {
                return;
            }

            _queues[value].Kick.Signal();
            Synchronize();
            PollInterrupts();
        }

        /// <inheritdoc />
        protected override uint ReadConfig(ulong offset, int width)
        {
            if ((width != 1 && width != 2 && width != 4) || offset > uint.MaxValue)
            {
                return 0;
            }

            byte[]? bytes = _frontend.GetConfig((uint)offset, width);
            if (bytes is null)
            {
                return 0;
            }

            Span<byte> value = stackalloc byte[sizeof(uint)];
            value.Clear();
            bytes.CopyTo(value);
            return BinaryPrimitives.ReadUInt32LittleEndian(value);
        }

        /// <inheritdoc />
        protected override void WriteConfig(ulong offset, int width, uint value)
        {
            if ((width != 1 && width != 2 && width != 4) || offset > uint.MaxValue)
            {
                return;
            }

            Span<byte> bytes = stackalloc byte[sizeof(uint)];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
            _frontend.SetConfig((uint)offset, bytes.Slice(0, width));
        }

        private static void Check(ulong status, string step)
        {
            if (status != 0)
            {
                throw new VhostUserException($"the back-end refused {step} (status {status})");
            }
        }

        /// <summary>The shadow registers of one queue and its kick and call eventfds.</summary>
        private sealed class BridgeQueue : IDisposable
        {
            public BridgeQueue(ushort sizeMax)
            {
                SizeMax = sizeMax;
                Reset();
            }

            public ushort SizeMax { get; }

            public uint Size { get; set; }

            public ulong DescriptorArea { get; private set; }

            public ulong DriverArea { get; private set; }

            public ulong DeviceArea { get; private set; }

            public bool Ready { get; set; }

            public EventNotifier Kick { get; } = EventNotifier.Create();

            public EventNotifier Call { get; } = EventNotifier.Create();

            public void SetAddress(ulong register, uint value)
            {
                switch (register)
                {
                    case MmioRegister.QueueDescLow: DescriptorArea = (DescriptorArea & ~0xFFFF_FFFFUL) | value; break;
                    case MmioRegister.QueueDescHigh: DescriptorArea = (DescriptorArea & 0xFFFF_FFFFUL) | ((ulong)value << 32); break;
                    case MmioRegister.QueueDriverLow: DriverArea = (DriverArea & ~0xFFFF_FFFFUL) | value; break;
                    case MmioRegister.QueueDriverHigh: DriverArea = (DriverArea & 0xFFFF_FFFFUL) | ((ulong)value << 32); break;
                    case MmioRegister.QueueDeviceLow: DeviceArea = (DeviceArea & ~0xFFFF_FFFFUL) | value; break;
                    default: DeviceArea = (DeviceArea & 0xFFFF_FFFFUL) | ((ulong)value << 32); break;
                }
            }

            public void Reset()
            {
                Size = SizeMax;
                DescriptorArea = 0;
                DriverArea = 0;
                DeviceArea = 0;
                Ready = false;
                Call.TryConsume();
            }

            public void Dispose()
            {
                Kick.Dispose();
                Call.Dispose();
            }
        }
    }
}
