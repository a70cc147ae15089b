namespace FsFreeze.Vectors.Mmio
{
    /// <summary>One virtio-mmio v2 register as spec/virtio-fsfreeze.md lists it.</summary>
    /// <param name="Name">The virtio specification's register name, e.g. "QueueSizeMax".</param>
    /// <param name="Offset">Byte offset from the device's base.</param>
    /// <param name="Access">"R", "W" or "RW", from the driver's point of view.</param>
    /// <param name="LinuxName">The &lt;linux/virtio_mmio.h&gt; macro, or null when the 6.1 header lacks it.</param>
    internal sealed record MmioRegisterRow(string Name, int Offset, string Access, string? LinuxName)
    {
        /// <summary>Every control register is 32 bits wide (FF-MMIO-3); Config is accessed at its fields' widths.</summary>
        internal const int Width = 32;
    }
}
