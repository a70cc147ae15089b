using FsFreeze.Conformance.Adapters;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// A reference ring (split or packed) whose device end or driver end is wrapped by a known-bad decorator. The
    /// other end stays the reference, so a failure points at the one bug.
    /// </summary>
    public abstract class KnownBadRing : IVirtqueueImplementation
    {
        private readonly IVirtqueueImplementation _reference;

        /// <summary>Wraps the reference split ring, or the packed one when <paramref name="packed"/>.</summary>
        protected KnownBadRing(string name, bool packed)
        {
            Name = name;
            _reference = packed ? new ReferencePackedRing() : new ReferenceSplitRing();
        }

        /// <inheritdoc />
        public string Name { get; }

        /// <inheritdoc />
        public bool IsPacked => _reference.IsPacked;

        /// <inheritdoc />
        public QueueError CreateDeviceEnd(GuestMemory memory, QueueConfiguration config, out IDeviceQueue? queue) =>
            Wrap(_reference.CreateDeviceEnd(memory, config, out queue), memory, config, 0, ref queue);

        /// <inheritdoc />
        public QueueError CreateDriverEnd(GuestMemory memory, QueueConfiguration config, ulong indirectArea, int indirectEntries, out IDriverQueue? queue) =>
            Wrap(_reference.CreateDriverEnd(memory, config, indirectArea, indirectEntries, out queue), memory, config, ref queue);

        /// <inheritdoc />
        public override string ToString() => Name;

        /// <summary>Wraps a created device end; the default leaves it alone.</summary>
        protected virtual IDeviceQueue WrapDevice(IDeviceQueue inner, GuestMemory memory, QueueConfiguration config, ushort startIndex) => inner;

        /// <summary>Wraps a created driver end; the default leaves it alone.</summary>
        protected virtual IDriverQueue WrapDriver(IDriverQueue inner, GuestMemory memory, QueueConfiguration config) => inner;

        /// <summary>Wraps a device end the reference created without error.</summary>
        protected QueueError Wrap(QueueError error, GuestMemory memory, QueueConfiguration config, ushort startIndex, ref IDeviceQueue? queue)
        {
            if (error == QueueError.None && queue is not null)
            {
                queue = WrapDevice(queue, memory, config, startIndex);
            }

            return error;
        }

        /// <summary>Wraps a driver end the reference created without error.</summary>
        protected QueueError Wrap(QueueError error, GuestMemory memory, QueueConfiguration config, ref IDriverQueue? queue)
        {
            if (error == QueueError.None && queue is not null)
            {
                queue = WrapDriver(queue, memory, config);
            }

            return error;
        }
    }
}
