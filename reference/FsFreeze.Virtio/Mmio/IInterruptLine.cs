namespace FsFreeze.Virtio.Mmio
{
    /// <summary>
    /// The interrupt wire from a virtio-mmio device to the guest. The transport calls <see cref="Raise"/> when a bit of
    /// InterruptStatus becomes set; the line stays logically asserted until the driver ACKs every bit (FF-MMIO-8).
    /// </summary>
    public interface IInterruptLine
    {
        /// <summary>Signals the guest; <paramref name="pending"/> is InterruptStatus after the change.</summary>
        void Raise(MmioInterrupt pending);
    }
}
