namespace FsFreeze.Virtio.Mmio
{
    /// <summary>
    /// One row of the virtio-mmio v2 register table (virtio 1.4 "MMIO Device Register Layout"): the spec's register
    /// name, its offset from the base of the register window, the driver's access, its width and the Linux macro.
    /// </summary>
    /// <param name="Name">The spec's name, for example "QueueSizeMax".</param>
    /// <param name="Offset">Offset from the base of the register window.</param>
    /// <param name="Access">Whether the driver reads, writes or does both.</param>
    /// <param name="WidthBits">Register width in bits: 32 for every control register (FF-MMIO-3).</param>
    /// <param name="LinuxName">The &lt;linux/virtio_mmio.h&gt; macro, or null where Linux (6.1) has none (QueueReset).</param>
    public sealed record MmioRegisterInfo(string Name, ulong Offset, MmioRegisterAccess Access, int WidthBits, string? LinuxName)
    {
        /// <summary>The access as the spec's table writes it: "R", "W" or "RW".</summary>
        public string AccessText => Access switch
        {
            MmioRegisterAccess.Read => "R",
            MmioRegisterAccess.Write => "W",
            _ => "RW",
        };
    }
}
