using System;
using System.Collections.Generic;
using FsFreeze.VhostUser.Protocol;
using FsFreeze.VhostUser.Transport;

namespace FsFreeze.VhostUser.Frontend
{
    /// <summary>
    /// The front-end (driver side) of one vhost-user connection, one method per message. Once REPLY_ACK is
    /// negotiated every message without a natural reply carries NEED_REPLY, so each step is checked: a non-zero
    /// status comes back as the method's result. Every reply is awaited at most <see cref="Timeout"/>, and a reply
    /// of the wrong type, without REPLY, or of the wrong size is a <see cref="VhostUserException"/>.
    /// </summary>
    public sealed class VhostUserFrontend : IDisposable
    {
        private readonly VhostUserChannel _channel;

        /// <summary>Drives <paramref name="channel"/>, taking ownership.</summary>
        public VhostUserFrontend(VhostUserChannel channel, TimeSpan timeout)
        {
            ArgumentNullException.ThrowIfNull(channel);
            _channel = channel;
            Timeout = timeout;
        }

        /// <summary>How long any reply is awaited.</summary>
        public TimeSpan Timeout { get; }

        /// <summary>The protocol features set with <see cref="SetProtocolFeatures"/>.</summary>
        public ulong ProtocolFeatures { get; private set; }

        /// <summary>True once REPLY_ACK is negotiated.</summary>
        public bool ReplyAck => VhostUserFeatures.Has(ProtocolFeatures, VhostUserProtocolFeature.ReplyAck);

        /// <summary>Connects to <paramref name="path"/>.</summary>
        public static VhostUserFrontend Connect(string path, TimeSpan timeout) => new(VhostUserChannel.Connect(path), timeout);

        /// <summary>GET_FEATURES.</summary>
        public ulong GetFeatures() => GetU64(VhostUserRequest.GetFeatures);

        /// <summary>SET_FEATURES.</summary>
        public ulong SetFeatures(ulong features) => Send(VhostUserRequest.SetFeatures, VhostUserMessage.U64(features));

        /// <summary>SET_OWNER.</summary>
        public ulong SetOwner() => Send(VhostUserRequest.SetOwner, []);

        /// <summary>RESET_OWNER.</summary>
        public ulong ResetOwner() => Send(VhostUserRequest.ResetOwner, []);

        /// <summary>GET_PROTOCOL_FEATURES.</summary>
        public ulong GetProtocolFeatures() => GetU64(VhostUserRequest.GetProtocolFeatures);

        /// <summary>SET_PROTOCOL_FEATURES; later messages ask for acks when REPLY_ACK is among <paramref name="features"/>.</summary>
        public ulong SetProtocolFeatures(ulong features)
        {
            // The ack, if any, follows the rules in force once the message is handled (vhost-user.rst REPLY_ACK).
            ProtocolFeatures = features;
            return Send(VhostUserRequest.SetProtocolFeatures, VhostUserMessage.U64(features));
        }

        /// <summary>GET_QUEUE_NUM.</summary>
        public ulong GetQueueNum() => GetU64(VhostUserRequest.GetQueueNum);

        /// <summary>SET_MEM_TABLE with one descriptor per region.</summary>
        public ulong SetMemTable(IReadOnlyList<MemoryRegionDescription> regions, ReadOnlySpan<int> fds) =>
            Send(VhostUserRequest.SetMemTable, MemoryTable.Encode(regions), fds);

        /// <summary>SET_VRING_NUM.</summary>
        public ulong SetVringNum(uint index, uint size) => Send(VhostUserRequest.SetVringNum, new VringState(index, size).ToArray());

        /// <summary>SET_VRING_BASE.</summary>
        public ulong SetVringBase(uint index, uint nextAvailable) => Send(VhostUserRequest.SetVringBase, new VringState(index, nextAvailable).ToArray());

        /// <summary>SET_VRING_ADDR.</summary>
        public ulong SetVringAddr(VringAddress address) => Send(VhostUserRequest.SetVringAddr, address.ToArray());

        /// <summary>SET_VRING_KICK with <paramref name="fd"/>, or without one (polling) when it is negative.</summary>
        public ulong SetVringKick(uint index, int fd) => SendVringFile(VhostUserRequest.SetVringKick, index, fd);

        /// <summary>SET_VRING_CALL with <paramref name="fd"/>, or without one when it is negative.</summary>
        public ulong SetVringCall(uint index, int fd) => SendVringFile(VhostUserRequest.SetVringCall, index, fd);

        /// <summary>SET_VRING_ENABLE.</summary>
        public ulong SetVringEnable(uint index, bool enable) => Send(VhostUserRequest.SetVringEnable, new VringState(index, enable ? 1u : 0u).ToArray());

        /// <summary>GET_VRING_BASE: stops the ring and returns the next available index the back-end would read.</summary>
        public uint GetVringBase(uint index)
        {
            using VhostUserMessage reply = Call(VhostUserRequest.GetVringBase, new VringState(index, 0).ToArray());
            if (!VringState.TryDecode(reply.Payload, out VringState state) || state.Index != index)
            {
                throw new VhostUserException($"GET_VRING_BASE reply is not the vring state of ring {index}: {reply}");
            }

            return state.Num;
        }

        /// <summary>GET_CONFIG of <paramref name="size"/> bytes at <paramref name="offset"/>; null when the back-end answers with size 0 (its error).</summary>
        public byte[]? GetConfig(uint offset, int size)
        {
            using VhostUserMessage reply = Call(VhostUserRequest.GetConfig, new ConfigPayload(offset, 0, new byte[size]).ToArray());
            if (reply.Payload.Length == 0)
            {
                // Some back-ends fail with an empty payload rather than a config header of size 0.
                return null;
            }

            if (!ConfigPayload.TryDecode(reply.Payload, out ConfigPayload config))
            {
                throw new VhostUserException($"GET_CONFIG reply is not a config payload: {reply}");
            }

            if (config.Bytes.Length == 0)
            {
                return null;
            }

            if (config.Bytes.Length != size)
            {
                throw new VhostUserException($"GET_CONFIG reply of {config.Bytes.Length} bytes to a request of {size}");
            }

            return config.Bytes.ToArray();
        }

        /// <summary>SET_CONFIG.</summary>
        public ulong SetConfig(uint offset, ReadOnlySpan<byte> bytes, uint flags = 0) =>
            Send(VhostUserRequest.SetConfig, new ConfigPayload(offset, flags, bytes.ToArray()).ToArray());

        /// <summary>SET_STATUS (STATUS protocol feature).</summary>
        public ulong SetStatus(byte status) => Send(VhostUserRequest.SetStatus, VhostUserMessage.U64(status));

        /// <summary>GET_STATUS (STATUS protocol feature).</summary>
        public byte GetStatus() => (byte)GetU64(VhostUserRequest.GetStatus);

        /// <summary>RESET_DEVICE (RESET_DEVICE protocol feature).</summary>
        public ulong ResetDevice() => Send(VhostUserRequest.ResetDevice, []);

        /// <summary>SET_BACKEND_REQ_FD: the back-end's end of the request channel.</summary>
        public ulong SetBackendReqFd(int fd) => Send(VhostUserRequest.SetBackendReqFd, [], [fd]);

        /// <summary>
        /// Sends a message that has no reply of its own; with REPLY_ACK it asks for one and returns its status
        /// (0 = success), otherwise returns 0 at once.
        /// </summary>
        public ulong Send(VhostUserRequest request, byte[] payload, ReadOnlySpan<int> fds = default)
        {
            ArgumentNullException.ThrowIfNull(payload);
            bool ack = ReplyAck;
            VhostUserHeader header = VhostUserHeader.ForRequest((uint)request, payload.Length, ack);
            _channel.Send(header, payload, fds);
            if (!ack)
            {
                return 0;
            }

            using VhostUserMessage reply = ReceiveReply(header);
            if (!reply.TryGetU64(out ulong status))
            {
                throw new VhostUserException($"REPLY_ACK to {request} is not a u64: {reply}");
            }

            return status;
        }

        /// <summary>Sends a message whose reply carries data (the GET_* family) and returns the reply.</summary>
        public VhostUserMessage Call(VhostUserRequest request, byte[] payload)
        {
            ArgumentNullException.ThrowIfNull(payload);
            VhostUserHeader header = VhostUserHeader.ForRequest((uint)request, payload.Length, needReply: false);
            _channel.Send(header, payload);
            return ReceiveReply(header);
        }

        /// <inheritdoc />
        public void Dispose() => _channel.Dispose();

        private ulong GetU64(VhostUserRequest request)
        {
            using VhostUserMessage reply = Call(request, []);
            if (!reply.TryGetU64(out ulong value))
            {
                throw new VhostUserException($"reply to {request} is not a u64: {reply}");
            }

            return value;
        }

        private ulong SendVringFile(VhostUserRequest request, uint index, int fd) =>
            fd < 0
                ? Send(request, new VringFile(index, NoFd: true).ToArray())
                : Send(request, new VringFile(index, NoFd: false).ToArray(), [fd]);

        private VhostUserMessage ReceiveReply(VhostUserHeader request)
        {
            VhostUserMessage reply = _channel.Receive(Timeout)
                ?? throw new VhostUserException($"the back-end closed the connection instead of answering {(VhostUserRequest)request.Request}");
            if (reply.Header.Request != request.Request || !reply.Header.IsReply || reply.Header.FlagVersion != VhostUserHeader.Version)
            {
                reply.Dispose();
                throw new VhostUserException($"answer to {(VhostUserRequest)request.Request} is not its reply: {reply}");
            }

            return reply;
        }
    }
}
