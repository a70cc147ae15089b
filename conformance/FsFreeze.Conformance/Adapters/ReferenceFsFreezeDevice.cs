using FsFreeze.Device.Emulation;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Adapters
{
    /// <summary>The reference device (reference/FsFreeze.Device) behind the reference virtio-mmio transport.</summary>
    public sealed class ReferenceFsFreezeDevice : IDeviceImplementation
    {
        /// <inheritdoc />
        public string Name => "reference-device";

        /// <inheritdoc />
        public DeviceUnderTest Create(FsFreezeDeviceOptions options, GuestMemory memory, IInterruptLine interruptLine)
        {
            var device = new FsFreezeDevice(options);
            return new DeviceUnderTest(new VirtioMmioTransport(device, memory, interruptLine), device);
        }

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
