namespace FsFreeze.Virtio.Mmio
{
    /// <summary>
    /// One row of the virtio-mmio v2 register table (virtio 1.4 "MMIO Device Register Layout"): the spec's register
    /// name, its offset from the base of the register window, its access and its width in bytes.
    /// </summary>
    /// <param name="Name">The spec's name, for example "QueueSizeMax".</param>
    /// <param name="Offset">Offset from the base of the register window.</param>
    /// <param name="Access">Whether the driver reads, writes or does both.</param>
    /// <param name="Width">Access width in bytes: 4 for every control register (FF-MMIO-3).</param>
    public sealed record MmioRegisterInfo(string Name, ulong Offset, MmioRegisterAccess Access, int Width);
}
