using System;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Systems
{
    /// <summary>
    /// The interrupt wire between transport and driver with a probe on it: <see cref="Raised"/> runs before the
    /// driver's handler, so an observer sees the device's status at the moment it interrupted (for example the
    /// DEVICE_NEEDS_RESET that the driver's handler is about to answer with a reset, FF-INIT-7).
    /// </summary>
    public sealed class InterruptTap : IInterruptLine
    {
        private readonly IInterruptLine inner;

        /// <summary>Forwards every raise to <paramref name="inner"/>.</summary>
        public InterruptTap(IInterruptLine inner)
        {
            ArgumentNullException.ThrowIfNull(inner);
            this.inner = inner;
        }

        /// <summary>Called with the pending bits before each raise reaches the driver.</summary>
        public Action<MmioInterrupt>? Raised { get; set; }

        /// <inheritdoc />
        public void Raise(MmioInterrupt pending)
        {
            Raised?.Invoke(pending);
            inner.Raise(pending);
        }
    }
}
