using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Adapters
{
    /// <summary>
    /// A virtio-fsfreeze driver under test (FF-DRV-*): built over a register window, guest memory, a VFS and its
    /// scheduler. The suite plays the device; it sees the driver only through registers, rings and the VFS.
    /// </summary>
    public interface IDriverImplementation
    {
        /// <summary>Name shown in test names.</summary>
        string Name { get; }

        /// <summary>Creates a driver that will accept the device-specific features in <paramref name="supportedFeatures"/> when offered.</summary>
        IDriverUnderTest Create(IMmioRegisterFile registers, GuestMemory memory, GuestAddressAllocator allocator, VirtualFileSystem vfs, ulong supportedFeatures);
    }

    /// <summary>What the suite may do to a driver: probe it, deliver interrupts, remove it, register applications.</summary>
    public interface IDriverUnderTest
    {
        /// <summary>Probes the device; true when DRIVER_OK was set.</summary>
        bool Probe();

        /// <summary>The interrupt handler; the suite's interrupt line calls it.</summary>
        void OnInterrupt();

        /// <summary>Unbinds the driver (a sleeping operation the suite spawns).</summary>
        SimOperation<bool> Remove();

        /// <summary>Registers an APP_NOTICE application.</summary>
        void Register(GuestApplication application);
    }
}
