namespace FsFreeze.Virtio.Mmio
{
    /// <summary>Who may access a virtio-mmio register, as the "R", "W" and "RW" of virtio 1.4 "MMIO Device Register Layout".</summary>
    public enum MmioRegisterAccess
    {
        /// <summary>The driver only reads it; writes are ignored (FF-MMIO-3).</summary>
        Read,

        /// <summary>The driver only writes it; reads return 0.</summary>
        Write,

        /// <summary>The driver reads and writes it.</summary>
        ReadWrite,
    }
}
