using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Adapters
{
    /// <summary>The reference virtio-mmio transport (reference/FsFreeze.Virtio/Mmio).</summary>
    public sealed class ReferenceMmioTransport : IMmioTransportImplementation
    {
        /// <inheritdoc />
        public string Name => "reference-mmio";

        /// <inheritdoc />
        public MmioTransportUnderTest Create(VirtioDevice device, GuestMemory memory, IInterruptLine? interruptLine)
        {
            var transport = new VirtioMmioTransport(device, memory, interruptLine);
            return new MmioTransportUnderTest(transport, transport);
        }

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
