namespace FsFreeze.VhostUser.Protocol
{
    /// <summary>
    /// Back-end message types, sent on the channel of SET_BACKEND_REQ_FD (vhost-user.rst "Back-end message types").
    /// </summary>
    public enum VhostUserBackendRequest : uint
    {
        /// <summary>Not a request.</summary>
        None = 0,

        /// <summary>VHOST_USER_BACKEND_IOTLB_MSG.</summary>
        IotlbMsg = 1,

        /// <summary>VHOST_USER_BACKEND_CONFIG_CHANGE_MSG: no payload; the configuration changed (or the device needs a reset).</summary>
        ConfigChangeMsg = 2,

        /// <summary>VHOST_USER_BACKEND_VRING_HOST_NOTIFIER_MSG.</summary>
        VringHostNotifierMsg = 3,

        /// <summary>VHOST_USER_BACKEND_VRING_CALL (INBAND_NOTIFICATIONS): vring state, index = the ring with used buffers.</summary>
        VringCall = 4,

        /// <summary>VHOST_USER_BACKEND_VRING_ERR (INBAND_NOTIFICATIONS).</summary>
        VringErr = 5,
    }
}
