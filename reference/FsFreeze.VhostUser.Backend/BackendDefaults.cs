using FsFreeze.Device.Emulation;

namespace FsFreeze.VhostUser.Backend
{
    /// <summary>The device the back-end serves when nobody configured it otherwise.</summary>
    internal static class BackendDefaults
    {
        /// <summary>
        /// QueueSizeMax of both rings. vhost-user cannot tell a front-end the maximum, and Linux's virtio_uml always
        /// asks for 256 (MAX_SUPPORTED_QUEUE_SIZE in arch/um/drivers/virtio_uml.c); QEMU's vhost-user-device asks for
        /// its vq_size, 64 unless set. 256 serves both; the reference's own default of 64 would refuse virtio_uml.
        /// </summary>
        public const ushort QueueSizeMax = 256;

        /// <summary>The reference options with <see cref="QueueSizeMax"/>.</summary>
        public static FsFreezeDeviceOptions Options => new() { QueueSizeMax = QueueSizeMax };
    }
}
