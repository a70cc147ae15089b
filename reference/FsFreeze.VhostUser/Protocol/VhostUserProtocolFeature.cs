namespace FsFreeze.VhostUser.Protocol
{
    /// <summary>
    /// Protocol feature bit numbers (vhost-user.rst "Protocol features"), negotiated with GET/SET_PROTOCOL_FEATURES
    /// once <see cref="VhostUserFeatures.ProtocolFeatures"/> (bit 30 of GET_FEATURES) is offered.
    /// </summary>
    public enum VhostUserProtocolFeature
    {
        /// <summary>VHOST_USER_PROTOCOL_F_MQ: GET_QUEUE_NUM.</summary>
        Mq = 0,

        /// <summary>VHOST_USER_PROTOCOL_F_LOG_SHMFD.</summary>
        LogShmfd = 1,

        /// <summary>VHOST_USER_PROTOCOL_F_RARP.</summary>
        Rarp = 2,

        /// <summary>VHOST_USER_PROTOCOL_F_REPLY_ACK: NEED_REPLY asks for a u64 status reply (0 = success).</summary>
        ReplyAck = 3,

        /// <summary>VHOST_USER_PROTOCOL_F_NET_MTU.</summary>
        NetMtu = 4,

        /// <summary>VHOST_USER_PROTOCOL_F_BACKEND_REQ (formerly SLAVE_REQ): the back-end request channel.</summary>
        BackendReq = 5,

        /// <summary>VHOST_USER_PROTOCOL_F_CROSS_ENDIAN.</summary>
        CrossEndian = 6,

        /// <summary>VHOST_USER_PROTOCOL_F_CRYPTO_SESSION.</summary>
        CryptoSession = 7,

        /// <summary>VHOST_USER_PROTOCOL_F_PAGEFAULT.</summary>
        Pagefault = 8,

        /// <summary>VHOST_USER_PROTOCOL_F_CONFIG: GET_CONFIG and SET_CONFIG.</summary>
        Config = 9,

        /// <summary>VHOST_USER_PROTOCOL_F_BACKEND_SEND_FD.</summary>
        BackendSendFd = 10,

        /// <summary>VHOST_USER_PROTOCOL_F_HOST_NOTIFIER.</summary>
        HostNotifier = 11,

        /// <summary>VHOST_USER_PROTOCOL_F_INFLIGHT_SHMFD.</summary>
        InflightShmfd = 12,

        /// <summary>VHOST_USER_PROTOCOL_F_RESET_DEVICE: RESET_DEVICE.</summary>
        ResetDevice = 13,

        /// <summary>VHOST_USER_PROTOCOL_F_INBAND_NOTIFICATIONS: VRING_KICK and BACKEND_VRING_CALL messages.</summary>
        InbandNotifications = 14,

        /// <summary>VHOST_USER_PROTOCOL_F_CONFIGURE_MEM_SLOTS.</summary>
        ConfigureMemSlots = 15,

        /// <summary>VHOST_USER_PROTOCOL_F_STATUS: SET_STATUS and GET_STATUS.</summary>
        Status = 16,

        /// <summary>VHOST_USER_PROTOCOL_F_XEN_MMAP.</summary>
        XenMmap = 17,

        /// <summary>VHOST_USER_PROTOCOL_F_SHARED_OBJECT.</summary>
        SharedObject = 18,

        /// <summary>VHOST_USER_PROTOCOL_F_DEVICE_STATE.</summary>
        DeviceState = 19,
    }
}
