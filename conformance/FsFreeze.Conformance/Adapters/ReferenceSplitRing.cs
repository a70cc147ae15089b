using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Conformance.Adapters
{
    /// <summary>The reference split virtqueue (reference/FsFreeze.Virtio), both ends.</summary>
    public sealed class ReferenceSplitRing : IResumableVirtqueueImplementation
    {
        /// <inheritdoc />
        public string Name => "reference-split";

        /// <inheritdoc />
        public bool IsPacked => false;

        /// <inheritdoc />
        public QueueError CreateDeviceEnd(GuestMemory memory, QueueConfiguration config, out IDeviceQueue? queue)
        {
            QueueError error = SplitQueueDeviceEnd.TryCreate(memory, config, out SplitQueueDeviceEnd? created);
            queue = created;
            return error;
        }

        /// <inheritdoc />
        public QueueError CreateDriverEnd(GuestMemory memory, QueueConfiguration config, ulong indirectArea, int indirectEntries, out IDriverQueue? queue)
        {
            QueueError error = SplitQueueDriverEnd.TryCreate(memory, config, out SplitQueueDriverEnd? created, indirectArea, indirectEntries);
            queue = created;
            return error;
        }

        /// <inheritdoc />
        public QueueError CreateDeviceEnd(GuestMemory memory, QueueConfiguration config, ushort startIndex, out IDeviceQueue? queue)
        {
            QueueError error = SplitQueueDeviceEnd.TryCreate(memory, config, startIndex, startIndex, out SplitQueueDeviceEnd? created);
            queue = created;
            return error;
        }

        /// <inheritdoc />
        public QueueError CreateDriverEnd(GuestMemory memory, QueueConfiguration config, ushort startIndex, ulong indirectArea, int indirectEntries, out IDriverQueue? queue)
        {
            QueueError error = SplitQueueDriverEnd.TryCreate(memory, config, startIndex, out SplitQueueDriverEnd? created, indirectArea, indirectEntries);
            queue = created;
            return error;
        }

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
