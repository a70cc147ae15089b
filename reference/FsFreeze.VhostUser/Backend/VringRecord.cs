using FsFreeze.VhostUser.Native;
using FsFreeze.VhostUser.Protocol;

namespace FsFreeze.VhostUser.Backend
{
    /// <summary>
    /// What the front-end has said about one ring (vhost-user.rst "Ring states"): a ring is stopped until it gets
    /// a kick descriptor, then started; it is enabled by SET_VRING_ENABLE (or at once without protocol features).
    /// A started, enabled, fully described ring is handed to the register file as a ready virtqueue.
    /// </summary>
    internal sealed class VringRecord
    {
        public uint Num { get; set; }

        public bool NumSet { get; set; }

        public VringAddress? Address { get; set; }

        public EventNotifier? Kick { get; set; }

        public EventNotifier? Call { get; set; }

        public bool Started { get; set; }

        public bool Enabled { get; set; }

        /// <summary>The used index at the last call notification, so calls go to the rings that moved.</summary>
        public ushort LastSignalledUsed { get; set; }

        public void ReplaceKick(EventNotifier? kick)
        {
            Kick?.Dispose();
            Kick = kick;
        }

        public void ReplaceCall(EventNotifier? call)
        {
            Call?.Dispose();
            Call = call;
        }

        /// <summary>Closes the descriptors and forgets the ring (the connection is over).</summary>
        public void Clear()
        {
            ReplaceKick(null);
            ReplaceCall(null);
            Reset();
        }

        /// <summary>
        /// Back to a stopped, disabled, undescribed ring after a device reset, keeping the descriptors: the front-end
        /// may still listen on the call descriptor (virtio_uml's is a pipe, and closing its write end while the guest
        /// waits on it reads as end-of-file there); a new SET_VRING_KICK or SET_VRING_CALL replaces them.
        /// </summary>
        public void Reset()
        {
            Num = 0;
            NumSet = false;
            Address = null;
            Started = false;
            Enabled = false;
            LastSignalledUsed = 0;
        }
    }
}
