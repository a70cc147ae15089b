using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Virtio.Tests.Mmio
{
    internal sealed class CountingInterruptLine : IInterruptLine
    {
        public int Count { get; private set; }

        public void Raise(MmioInterrupt pending) => Count++;
    }
}
