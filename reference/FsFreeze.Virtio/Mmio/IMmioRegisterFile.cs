namespace FsFreeze.Virtio.Mmio
{
    /// <summary>
    /// A virtio-mmio register window as the guest sees it: loads and stores of 1, 2 or 4 bytes at an offset from the
    /// window's base. The transport implements it; a driver model talks only to it, so the two can later be
    /// separated by a bus, a trace or a fault injector.
    /// </summary>
    public interface IMmioRegisterFile
    {
        /// <summary>Loads <paramref name="width"/> bytes at <paramref name="offset"/>; an access the device ignores reads 0.</summary>
        uint Read(ulong offset, int width);

        /// <summary>Stores the low <paramref name="width"/> bytes of <paramref name="value"/> at <paramref name="offset"/>.</summary>
        void Write(ulong offset, int width, uint value);
    }
}
