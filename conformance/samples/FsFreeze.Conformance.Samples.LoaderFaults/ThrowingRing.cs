using System;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.Samples.LoaderFaults
{
    /// <summary>An adapter whose constructor throws: naming it as the IUT must report the exception, not crash the host.</summary>
    public sealed class ThrowingRing : IVirtqueueImplementation
    {
        /// <summary>The message the constructor throws with, for the test to look for.</summary>
        public const string Message = "ThrowingRing refuses to be constructed";

        /// <summary>Always throws <see cref="InvalidOperationException"/>.</summary>
        public ThrowingRing() => throw new InvalidOperationException(Message);

        /// <inheritdoc />
        public string Name => "throwing";

        /// <inheritdoc />
        public bool IsPacked => false;

        /// <inheritdoc />
        public QueueError CreateDeviceEnd(GuestMemory memory, QueueConfiguration config, out IDeviceQueue? queue) =>
            throw new InvalidOperationException(Message);

        /// <inheritdoc />
        public QueueError CreateDriverEnd(GuestMemory memory, QueueConfiguration config, ulong indirectArea, int indirectEntries, out IDriverQueue? queue) =>
            throw new InvalidOperationException(Message);
    }
}
