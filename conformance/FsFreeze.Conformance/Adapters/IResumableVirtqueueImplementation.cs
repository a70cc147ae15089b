using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.Adapters
{
    /// <summary>
    /// A virtqueue implementation whose ends can start with both ring indices at a given value instead of 0
    /// (vhost-user SET_VRING_BASE for a device). Vectors that start near 65535 to exercise the 16-bit wrap
    /// (FF-RING-3) need it; an implementation without it has those vectors reported as ignored, not failed.
    /// </summary>
    public interface IResumableVirtqueueImplementation : IVirtqueueImplementation
    {
        /// <summary>As <see cref="IVirtqueueImplementation.CreateDeviceEnd"/>, expecting avail and used indices at <paramref name="startIndex"/>.</summary>
        QueueError CreateDeviceEnd(GuestMemory memory, QueueConfiguration config, ushort startIndex, out IDeviceQueue? queue);

        /// <summary>As <see cref="IVirtqueueImplementation.CreateDriverEnd"/>, publishing avail.idx and used.idx as <paramref name="startIndex"/>.</summary>
        QueueError CreateDriverEnd(GuestMemory memory, QueueConfiguration config, ushort startIndex, ulong indirectArea, int indirectEntries, out IDriverQueue? queue);
    }
}
