using FsFreeze.Device.Emulation;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Adapters
{
    /// <summary>
    /// A virtio-fsfreeze device implementation under test. The suite plays the guest through the register file
    /// (it can be hostile) and the host through <see cref="IFsFreezeDeviceEndpoint"/>, so an implementation
    /// provides both ends of the device: the transport the guest sees and the endpoint the host API drives.
    /// </summary>
    public interface IDeviceImplementation
    {
        /// <summary>A short name shown in test names and reports, for example "reference-device".</summary>
        string Name { get; }

        /// <summary>Creates a device with <paramref name="options"/> behind a virtio-mmio register file over <paramref name="memory"/>.</summary>
        DeviceUnderTest Create(FsFreezeDeviceOptions options, GuestMemory memory, IInterruptLine interruptLine);

        /// <summary>
        /// Allocates the guest memory a device will be created over. An implementation in another process needs it
        /// shared (the vhost-user device maps a memfd); the default is ordinary zeroed memory.
        /// </summary>
        GuestMemory AllocateMemory(ulong guestPhysicalAddress, int size) => GuestMemory.Allocate(guestPhysicalAddress, size);
    }

    /// <summary>A created device: the register file the guest uses and the endpoint the host uses.</summary>
    public sealed record DeviceUnderTest(IMmioRegisterFile Registers, IFsFreezeDeviceEndpoint Endpoint);
}
