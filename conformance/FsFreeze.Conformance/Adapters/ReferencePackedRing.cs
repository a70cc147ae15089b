using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;

namespace FsFreeze.Conformance.Adapters
{
    /// <summary>The reference packed virtqueue (reference/FsFreeze.Virtio), both ends.</summary>
    public sealed class ReferencePackedRing : IVirtqueueImplementation
    {
        /// <inheritdoc />
        public string Name => "reference-packed";

        /// <inheritdoc />
        public bool IsPacked => true;

        /// <inheritdoc />
        public QueueError CreateDeviceEnd(GuestMemory memory, QueueConfiguration config, out IDeviceQueue? queue)
        {
            QueueError error = PackedQueueDeviceEnd.TryCreate(memory, config, out PackedQueueDeviceEnd? created);
            queue = created;
            return error;
        }

        /// <inheritdoc />
        public QueueError CreateDriverEnd(GuestMemory memory, QueueConfiguration config, ulong indirectArea, int indirectEntries, out IDriverQueue? queue)
        {
            QueueError error = PackedQueueDriverEnd.TryCreate(memory, config, out PackedQueueDriverEnd? created, indirectArea, indirectEntries);
            queue = created;
            return error;
        }

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
