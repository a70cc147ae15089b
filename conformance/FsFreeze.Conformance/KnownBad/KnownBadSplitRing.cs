using FsFreeze.Conformance.Adapters;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// A known-bad split ring. It can resume at a start index like the reference split ring, so the vectors that
    /// start near 65535 run against it instead of being ignored.
    /// </summary>
    public abstract class KnownBadSplitRing : KnownBadRing, IResumableVirtqueueImplementation
    {
        private readonly ReferenceSplitRing _reference = new();

        /// <summary>Names the known-bad.</summary>
        protected KnownBadSplitRing(string name)
            : base(name, packed: false)
        {
        }

        /// <inheritdoc />
        public QueueError CreateDeviceEnd(GuestMemory memory, QueueConfiguration config, ushort startIndex, out IDeviceQueue? queue) =>
            Wrap(_reference.CreateDeviceEnd(memory, config, startIndex, out queue), memory, config, startIndex, ref queue);

        /// <inheritdoc />
        public QueueError CreateDriverEnd(GuestMemory memory, QueueConfiguration config, ushort startIndex, ulong indirectArea, int indirectEntries, out IDriverQueue? queue) =>
            Wrap(_reference.CreateDriverEnd(memory, config, startIndex, indirectArea, indirectEntries, out queue), memory, config, ref queue);
    }
}
