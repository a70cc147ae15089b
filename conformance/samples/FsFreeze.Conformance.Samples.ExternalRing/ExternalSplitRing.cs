using FsFreeze.Conformance.Adapters;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.Samples.ExternalRing
{
    /// <summary>
    /// A split-ring implementation as an outside project would plug it in: a public class with a public
    /// parameterless constructor implementing the adapter interface of its role. Here it delegates to the reference
    /// split ring, so it conforms; a real implementation would call its own ring code instead.
    /// </summary>
    public sealed class ExternalSplitRing : IResumableVirtqueueImplementation
    {
        private readonly ReferenceSplitRing _inner = new();

        /// <inheritdoc />
        public string Name => "external-split";

        /// <inheritdoc />
        public bool IsPacked => false;

        /// <inheritdoc />
        public QueueError CreateDeviceEnd(GuestMemory memory, QueueConfiguration config, out IDeviceQueue? queue) =>
            _inner.CreateDeviceEnd(memory, config, out queue);

        /// <inheritdoc />
        public QueueError CreateDriverEnd(GuestMemory memory, QueueConfiguration config, ulong indirectArea, int indirectEntries, out IDriverQueue? queue) =>
            _inner.CreateDriverEnd(memory, config, indirectArea, indirectEntries, out queue);

        /// <inheritdoc />
        public QueueError CreateDeviceEnd(GuestMemory memory, QueueConfiguration config, ushort startIndex, out IDeviceQueue? queue) =>
            _inner.CreateDeviceEnd(memory, config, startIndex, out queue);

        /// <inheritdoc />
        public QueueError CreateDriverEnd(GuestMemory memory, QueueConfiguration config, ushort startIndex, ulong indirectArea, int indirectEntries, out IDriverQueue? queue) =>
            _inner.CreateDriverEnd(memory, config, startIndex, indirectArea, indirectEntries, out queue);

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
