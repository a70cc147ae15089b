using System;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Mmio;
using FsFreeze.VhostUser.Native;
using FsFreeze.VhostUser.Protocol;

namespace FsFreeze.VhostUser.Backend
{
    /// <summary>Dispatch: one handler per front-end message type (vhost-user.rst "Front-end message types").</summary>
    public sealed partial class VhostUserDeviceSession
    {
        /// <summary>Handles one message; false ends the connection.</summary>
        private bool Handle(VhostUserMessage message)
        {
            VhostUserHeader header = message.Header;
            if (header.FlagVersion != VhostUserHeader.Version || header.IsReply)
            {
                _observer.OnLog($"closing the connection: {message} is not a version-1 request");
                return false;
            }

            switch (message.Request)
            {
                case VhostUserRequest.GetFeatures:
                    return ReplyU64(message, _device.DeviceFeatures | VhostUserFeatures.ProtocolFeatures);
                case VhostUserRequest.GetProtocolFeatures:
                    return ReplyU64(message, OfferedProtocolFeatures);
                case VhostUserRequest.GetQueueNum:
                    return ReplyU64(message, (ulong)_device.QueueCount);
                case VhostUserRequest.GetStatus when StatusNegotiated:
                    return ReplyU64(message, (ulong)Status);
                case VhostUserRequest.GetVringBase:
                    return GetVringBase(message);
                case VhostUserRequest.GetConfig:
                    return GetConfig(message);
                default:
                    Ack(message, Apply(message));
                    return true;
            }
        }

        /// <summary>The messages answered, if at all, by a REPLY_ACK status: 0 success, non-zero failure.</summary>
        private ulong Apply(VhostUserMessage message)
        {
            switch (message.Request)
            {
                case VhostUserRequest.SetOwner:
                    return NoPayload(message) ? SetOwner() : Refuse(message, "a payload");
                case VhostUserRequest.ResetOwner:
                    ResetDevice("RESET_OWNER");
                    _owner = false;
                    return 0;
                case VhostUserRequest.ResetDevice when VhostUserFeatures.Has(_protocolFeatures, VhostUserProtocolFeature.ResetDevice):
                    ResetDevice("RESET_DEVICE");
                    return 0;
                case VhostUserRequest.SetFeatures:
                    return message.TryGetU64(out ulong features) ? SetFeatures(features) : Refuse(message, "a payload that is not a u64");
                case VhostUserRequest.SetProtocolFeatures:
                    return message.TryGetU64(out ulong protocol) ? SetProtocolFeatures(protocol) : Refuse(message, "a payload that is not a u64");
                case VhostUserRequest.SetStatus when StatusNegotiated:
                    return message.TryGetU64(out ulong status) && status <= byte.MaxValue ? SetStatus((byte)status) : Refuse(message, "a status that is not a u64 byte");
                case VhostUserRequest.SetMemTable:
                    return SetMemTable(message);
                case VhostUserRequest.SetVringNum:
                case VhostUserRequest.SetVringBase:
                case VhostUserRequest.SetVringEnable:
                    return VringState.TryDecode(message.Payload, out VringState state) ? SetVringState(message.Request, state) : Refuse(message, "a payload that is not a vring state");
                case VhostUserRequest.SetVringAddr:
                    return VringAddress.TryDecode(message.Payload, out VringAddress address) ? SetVringAddr(address) : Refuse(message, "a payload that is not a vring address");
                case VhostUserRequest.SetVringKick:
                case VhostUserRequest.SetVringCall:
                case VhostUserRequest.SetVringErr:
                    return VringFile.TryDecode(message.Payload, out VringFile file) ? SetVringFile(message, file) : Refuse(message, "a payload that is not a ring index");
                case VhostUserRequest.SetBackendReqFd when VhostUserFeatures.Has(_protocolFeatures, VhostUserProtocolFeature.BackendReq):
                    return SetBackendReqFd(message);
                case VhostUserRequest.SetConfig when VhostUserFeatures.Has(_protocolFeatures, VhostUserProtocolFeature.Config):
                    return ConfigPayload.TryDecode(message.Payload, out ConfigPayload config) ? SetConfig(config) : Refuse(message, "a payload that is not a config payload");
                default:
                    return Refuse(message, "a request this back-end does not implement or did not negotiate");
            }
        }

        private ulong Refuse(VhostUserMessage message, string why)
        {
            _observer.OnLog($"refused {message}: {why}");
            return Failure;
        }

        private static bool NoPayload(VhostUserMessage message) => message.Payload.Length == 0;

        private ulong SetOwner()
        {
            if (_owner)
            {
                _observer.OnLog("refused a second SET_OWNER");
                return Failure;
            }

            _owner = true;
            return 0;
        }

        private ulong SetProtocolFeatures(ulong features)
        {
            if ((features & ~OfferedProtocolFeatures) != 0)
            {
                _observer.OnLog($"refused SET_PROTOCOL_FEATURES 0x{features:x}: 0x{features & ~OfferedProtocolFeatures:x} was not offered");
                return Failure;
            }

            _protocolFeatures = features;
            _protocolFeaturesNegotiated = true;
            return 0;
        }

        private ulong SetFeatures(ulong features)
        {
            ulong virtio = features & ~VhostUserFeatures.ProtocolFeatures;
            // Each SET_FEATURES decides anew (vhost-user.rst "Ring states"): without bit 30 a ring starts enabled when
            // kicked. virtio_uml drops bit 30 when a driver finalizes its features again after a reset (the first
            // finalize cleared it from the device's features), then sends no SET_VRING_ENABLE.
            _protocolFeaturesNegotiated = (features & VhostUserFeatures.ProtocolFeatures) != 0;
            ulong unoffered = virtio & ~_device.DeviceFeatures;
            if (unoffered != 0 || !VirtioFeatureBit.IsSet(virtio, VirtioFeatureBit.Version1))
            {
                // FF-INIT-4 for the device, FF-DRV-4 for the driver: only offered bits, VERSION_1 included.
                _observer.OnDriverViolation("FF-DRV-4", $"SET_FEATURES 0x{virtio:x}: {(unoffered != 0 ? $"bits 0x{unoffered:x} were not offered" : "VIRTIO_F_VERSION_1 missing")}", null);
            }

            _driverFeatures = virtio;
            _featuresSet = true;
            if (!StatusNegotiated && !_protocolFeaturesNegotiated && (Status & DeviceStatus.DriverOk) != 0)
            {
                // Without bit 30 a front-end has no way to stop its rings (no SET_VRING_ENABLE; virtio_uml sends no
                // GET_VRING_BASE either), so SET_FEATURES while the device runs is the front-end setting it up anew
                // after its own reset (FF-VU-2): virtio_uml's second re-initialisation looks exactly like this.
                RestartNegotiation("SET_FEATURES while running, without protocol features");
            }

            return ApplyFeatures() ? 0 : Failure;
        }

        /// <summary>A device reset inferred from a new negotiation: the features just set survive it.</summary>
        private void RestartNegotiation(string why)
        {
            ulong features = _driverFeatures;
            ResetDevice(why);
            _driverFeatures = features;
            _featuresSet = true;
        }

        /// <summary>Writes the features into DriverFeatures; without STATUS also confirms them (FEATURES_OK). False when refused.</summary>
        private bool ApplyFeatures()
        {
            if (!_featuresSet)
            {
                return true;
            }

            if ((Status & DeviceStatus.FeaturesOk) != 0)
            {
                if (_transport.DriverFeatures == _driverFeatures)
                {
                    return true;
                }

                if (StatusNegotiated)
                {
                    // FF-INIT-5: the register file ignores new features after FEATURES_OK; the front-end must reset.
                    _observer.OnLog($"SET_FEATURES 0x{_driverFeatures:x} after FEATURES_OK is ignored until a reset");
                    return false;
                }

                RestartNegotiation("features renegotiated");
            }

            WriteFeatureWindows(_driverFeatures);
            if (StatusNegotiated)
            {
                return true;
            }

            const DeviceStatus Start = DeviceStatus.Acknowledge | DeviceStatus.Driver;
            WriteStatus((uint)Start);
            WriteStatus((uint)(Start | DeviceStatus.FeaturesOk));
            if ((Status & DeviceStatus.FeaturesOk) == 0)
            {
                _observer.OnLog($"the device refused features 0x{_driverFeatures:x} (FEATURES_OK stays clear)");
                return false;
            }

            StartRings();
            return true;
        }

        private void WriteFeatureWindows(ulong features)
        {
            WriteRegister(MmioRegister.DriverFeaturesSel, 0);
            WriteRegister(MmioRegister.DriverFeatures, (uint)features);
            WriteRegister(MmioRegister.DriverFeaturesSel, 1);
            WriteRegister(MmioRegister.DriverFeatures, (uint)(features >> 32));
        }

        private ulong SetStatus(byte status)
        {
            if (status == 0)
            {
                ResetDevice("SET_STATUS 0");
                return 0;
            }

            DeviceStatus requested = (DeviceStatus)status;
            if ((requested & DeviceStatus.DriverOk) != 0 && (requested & DeviceStatus.FeaturesOk) == 0)
            {
                _observer.OnDriverViolation("FF-INIT-2", $"SET_STATUS 0x{status:x2}: DRIVER_OK without FEATURES_OK", null);
            }

            WriteStatus(status);
            StartRings();
            return 0;
        }

        /// <summary>Back to the state before SET_FEATURES: every ring stopped, the register file reset (FF-INIT-8).</summary>
        private void ResetDevice(string why)
        {
            foreach (VringRecord ring in _rings)
            {
                ring.Reset();
            }

            _featuresSet = false;
            _driverFeatures = 0;
            WriteStatus(0);
            _observer.OnLog($"device reset ({why})");
        }

        private bool ReplyU64(VhostUserMessage message, ulong value)
        {
            if (!NoPayload(message))
            {
                _observer.OnLog($"closing the connection: {message} has a payload (its reply would be wrong)");
                return false;
            }

            Reply(message, VhostUserMessage.U64(value));
            return true;
        }

        private void Reply(VhostUserMessage message, ReadOnlySpan<byte> payload) =>
            _channel.Send(VhostUserHeader.ReplyTo(message.Header, payload.Length), payload);

        /// <summary>REPLY_ACK: with the feature negotiated, a NEED_REPLY message gets a u64 status.</summary>
        private void Ack(VhostUserMessage message, ulong status)
        {
            if (message.Header.NeedsReply && VhostUserFeatures.Has(_protocolFeatures, VhostUserProtocolFeature.ReplyAck))
            {
                Reply(message, VhostUserMessage.U64(status));
            }
        }

        private ulong SetBackendReqFd(VhostUserMessage message)
        {
            FileDescriptor? fd = message.FdCount == 1 ? message.TakeFd(0) : null;
            if (fd is null || !NoPayload(message))
            {
                return Refuse(message, "not exactly one descriptor and no payload");
            }

            _backendChannel?.Dispose();
            _backendChannel = fd;
            return 0;
        }

        /// <summary>A back-end request without NEED_REPLY (virtio_uml reads the channel from a pipe and cannot answer).</summary>
        private unsafe void SendBackendRequest(VhostUserBackendRequest request)
        {
            if (_backendChannel is null)
            {
                return;
            }

            byte[] bytes = new byte[VhostUserHeader.Size];
            VhostUserHeader.ForRequest((uint)request, 0, needReply: false).Encode(bytes);
            fixed (byte* data = bytes)
            {
                if (LibC.write(_backendChannel.Fd, data, (nuint)bytes.Length) != bytes.Length)
                {
                    _observer.OnLog($"the back-end request channel did not take {request}");
                }
            }
        }
    }
}
