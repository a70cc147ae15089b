namespace FsFreeze.VhostUser.Protocol
{
    /// <summary>
    /// Front-end message types (vhost-user.rst "Front-end message types"). The numbers are the wire values of the
    /// header's <c>request</c> field and never change.
    /// </summary>
    public enum VhostUserRequest : uint
    {
        /// <summary>Not a request: the value no message carries.</summary>
        None = 0,

        /// <summary>VHOST_USER_GET_FEATURES: reply u64, the device's virtio features plus bit 30.</summary>
        GetFeatures = 1,

        /// <summary>VHOST_USER_SET_FEATURES: u64, the features the driver accepted.</summary>
        SetFeatures = 2,

        /// <summary>VHOST_USER_SET_OWNER: no payload; the session starts.</summary>
        SetOwner = 3,

        /// <summary>VHOST_USER_RESET_OWNER (deprecated): no payload; the session ends.</summary>
        ResetOwner = 4,

        /// <summary>VHOST_USER_SET_MEM_TABLE: the memory regions, one fd per region.</summary>
        SetMemTable = 5,

        /// <summary>VHOST_USER_SET_LOG_BASE.</summary>
        SetLogBase = 6,

        /// <summary>VHOST_USER_SET_LOG_FD.</summary>
        SetLogFd = 7,

        /// <summary>VHOST_USER_SET_VRING_NUM: vring state, num = Queue Size.</summary>
        SetVringNum = 8,

        /// <summary>VHOST_USER_SET_VRING_ADDR: vring address (front-end user addresses).</summary>
        SetVringAddr = 9,

        /// <summary>VHOST_USER_SET_VRING_BASE: vring state, num = next available index the device reads.</summary>
        SetVringBase = 10,

        /// <summary>VHOST_USER_GET_VRING_BASE: stops the ring; reply vring state with the next available index.</summary>
        GetVringBase = 11,

        /// <summary>VHOST_USER_SET_VRING_KICK: u64 index (bit 8: no fd), fd = the kick eventfd.</summary>
        SetVringKick = 12,

        /// <summary>VHOST_USER_SET_VRING_CALL: u64 index (bit 8: no fd), fd = the call eventfd.</summary>
        SetVringCall = 13,

        /// <summary>VHOST_USER_SET_VRING_ERR: u64 index (bit 8: no fd), fd = the error eventfd.</summary>
        SetVringErr = 14,

        /// <summary>VHOST_USER_GET_PROTOCOL_FEATURES: reply u64.</summary>
        GetProtocolFeatures = 15,

        /// <summary>VHOST_USER_SET_PROTOCOL_FEATURES: u64.</summary>
        SetProtocolFeatures = 16,

        /// <summary>VHOST_USER_GET_QUEUE_NUM (MQ): reply u64, the number of queues.</summary>
        GetQueueNum = 17,

        /// <summary>VHOST_USER_SET_VRING_ENABLE: vring state, num = 1 enable, 0 disable.</summary>
        SetVringEnable = 18,

        /// <summary>VHOST_USER_SEND_RARP (net only).</summary>
        SendRarp = 19,

        /// <summary>VHOST_USER_NET_SET_MTU (net only).</summary>
        NetSetMtu = 20,

        /// <summary>VHOST_USER_SET_BACKEND_REQ_FD (formerly SET_SLAVE_REQ_FD): fd of the back-end request channel.</summary>
        SetBackendReqFd = 21,

        /// <summary>VHOST_USER_IOTLB_MSG.</summary>
        IotlbMsg = 22,

        /// <summary>VHOST_USER_SET_VRING_ENDIAN.</summary>
        SetVringEndian = 23,

        /// <summary>VHOST_USER_GET_CONFIG: config payload; reply of the same size (a zero-size reply is an error).</summary>
        GetConfig = 24,

        /// <summary>VHOST_USER_SET_CONFIG: config payload.</summary>
        SetConfig = 25,

        /// <summary>VHOST_USER_RESET_DEVICE (RESET_DEVICE protocol feature): no payload.</summary>
        ResetDevice = 34,

        /// <summary>VHOST_USER_VRING_KICK (INBAND_NOTIFICATIONS): vring state, index = the ring kicked.</summary>
        VringKick = 35,

        /// <summary>VHOST_USER_GET_MAX_MEM_SLOTS.</summary>
        GetMaxMemSlots = 36,

        /// <summary>VHOST_USER_ADD_MEM_REG.</summary>
        AddMemReg = 37,

        /// <summary>VHOST_USER_REM_MEM_REG.</summary>
        RemMemReg = 38,

        /// <summary>VHOST_USER_SET_STATUS (STATUS protocol feature): u64, the virtio device status byte.</summary>
        SetStatus = 39,

        /// <summary>VHOST_USER_GET_STATUS (STATUS protocol feature): reply u64, the device status.</summary>
        GetStatus = 40,
    }
}
