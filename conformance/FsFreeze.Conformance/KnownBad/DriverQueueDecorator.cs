using System;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>Forwards every call to a reference driver end; a known-bad overrides the one member it breaks.</summary>
    public abstract class DriverQueueDecorator : IDriverQueue
    {
        /// <summary>Wraps <paramref name="inner"/>.</summary>
        protected DriverQueueDecorator(IDriverQueue inner) => Inner = inner ?? throw new ArgumentNullException(nameof(inner));

        /// <summary>The reference driver end.</summary>
        protected IDriverQueue Inner { get; }

        /// <inheritdoc />
        public ushort Size => Inner.Size;

        /// <inheritdoc />
        public int FreeCount => Inner.FreeCount;

        /// <inheritdoc />
        public int InFlightCount => Inner.InFlightCount;

        /// <inheritdoc />
        public virtual QueueError TryAdd(ReadOnlySpan<BufferSpec> readable, ReadOnlySpan<BufferSpec> writable, ulong token, bool useIndirect, out ushort id) =>
            Inner.TryAdd(readable, writable, token, useIndirect, out id);

        /// <inheritdoc />
        public bool NeedsNotification() => Inner.NeedsNotification();

        /// <inheritdoc />
        public bool HasUsed() => Inner.HasUsed();

        /// <inheritdoc />
        public virtual bool TryReclaim(out UsedBuffer used, out QueueError error) => Inner.TryReclaim(out used, out error);

        /// <inheritdoc />
        public void DisableInterrupts() => Inner.DisableInterrupts();

        /// <inheritdoc />
        public bool EnableInterrupts() => Inner.EnableInterrupts();
    }
}
