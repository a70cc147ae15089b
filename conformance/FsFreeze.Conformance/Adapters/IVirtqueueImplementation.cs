using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.Adapters
{
    /// <summary>
    /// A virtqueue implementation under test, for one ring format. The suite plays the other end: it checks a
    /// device end by driving it as a driver would (or by writing malformed rings into guest memory), and a
    /// driver end by playing the device. An implementation may provide only one end.
    /// </summary>
    public interface IVirtqueueImplementation
    {
        /// <summary>A short name shown in test names and reports, for example "reference-split".</summary>
        string Name { get; }

        /// <summary>True for the packed ring format (VIRTIO_F_RING_PACKED), false for the split ring.</summary>
        bool IsPacked { get; }

        /// <summary>Creates the device end over the given queue configuration, or returns the setup error.</summary>
        QueueError CreateDeviceEnd(GuestMemory memory, QueueConfiguration config, out IDeviceQueue? queue);

        /// <summary>
        /// Creates the driver end (which zeroes and owns the ring memory), or returns the setup error.
        /// <paramref name="indirectArea"/> and <paramref name="indirectEntries"/> give room for indirect tables.
        /// </summary>
        QueueError CreateDriverEnd(GuestMemory memory, QueueConfiguration config, ulong indirectArea, int indirectEntries, out IDriverQueue? queue);
    }
}
