using System;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>Forwards every call to a reference device end; a known-bad overrides the one member it breaks.</summary>
    public abstract class DeviceQueueDecorator : IDeviceQueue
    {
        /// <summary>Wraps <paramref name="inner"/>.</summary>
        protected DeviceQueueDecorator(IDeviceQueue inner) => Inner = inner ?? throw new ArgumentNullException(nameof(inner));

        /// <summary>The reference device end.</summary>
        protected IDeviceQueue Inner { get; }

        /// <inheritdoc />
        public ushort Size => Inner.Size;

        /// <inheritdoc />
        public virtual QueueError Error => Inner.Error;

        /// <inheritdoc />
        public int InFlightCount => Inner.InFlightCount;

        /// <inheritdoc />
        public virtual bool HasAvailable() => Inner.HasAvailable();

        /// <inheritdoc />
        public virtual bool TryPop(Span<ChainBuffer> storage, out DescriptorChain chain, out QueueError error) => Inner.TryPop(storage, out chain, out error);

        /// <inheritdoc />
        public virtual QueueError PushUsed(ChainToken chain, uint writtenLength) => Inner.PushUsed(chain, writtenLength);

        /// <inheritdoc />
        public virtual bool NeedsInterrupt() => Inner.NeedsInterrupt();

        /// <inheritdoc />
        public void DisableNotifications() => Inner.DisableNotifications();

        /// <inheritdoc />
        public bool EnableNotifications() => Inner.EnableNotifications();
    }
}
