using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Guest.Driver
{
    /// <summary>
    /// The interrupt wire from a virtio-mmio transport to the driver model: create it first, give it to the
    /// transport, then <see cref="Attach"/> the driver (the transport exists before the driver probes it). A raise
    /// before a driver is attached is dropped, as an interrupt without a handler would be.
    /// </summary>
    public sealed class DriverInterruptLine : IInterruptLine
    {
        private FsFreezeDriver? driver;

        /// <summary>Times the line was raised.</summary>
        public int Raised { get; private set; }

        /// <summary>Routes later raises to <paramref name="target"/>'s interrupt handler.</summary>
        public void Attach(FsFreezeDriver target) => driver = target;

        /// <inheritdoc />
        public void Raise(MmioInterrupt pending)
        {
            Raised++;
            driver?.OnInterrupt();
        }
    }
}
