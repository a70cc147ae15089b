namespace FsFreeze.VhostUser.Frontend
{
    /// <summary>
    /// What a virtio-mmio driver reads that vhost-user does not carry: the device ID (given to virtio_uml on its
    /// command line, to QEMU as <c>virtio-id</c>), the vendor ID and QueueSizeMax (QEMU's vhost-user-device
    /// assumes a size; here the back-end's control channel tells it).
    /// </summary>
    public sealed record VhostUserDeviceIdentity(uint DeviceId, uint VendorId, ushort QueueSizeMax);
}
