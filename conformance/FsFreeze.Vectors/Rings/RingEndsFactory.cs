using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Vectors.Rings
{
    /// <summary>
    /// Creates both ends of one ring format over <paramref name="memory"/>: the driver end first (it zeroes the
    /// ring), then the device end, both starting at <paramref name="startIndex"/>. Returns the first setup error.
    /// The scenario runner takes one of these, so the same scenarios run on the split and the packed ring and on
    /// any implementation an adapter wraps.
    /// </summary>
    internal delegate QueueError RingEndsFactory(
        GuestMemory memory,
        QueueConfiguration config,
        ushort startIndex,
        ulong indirectArea,
        int indirectEntries,
        out IDriverQueue? driver,
        out IDeviceQueue? device);
}
