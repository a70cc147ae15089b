using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Adapters
{
    /// <summary>The reference driver model, guest-module/FsFreeze.Guest/Driver.</summary>
    public sealed class ReferenceDriver : IDriverImplementation
    {
        /// <inheritdoc />
        public string Name => "reference-driver";

        /// <inheritdoc />
        public IDriverUnderTest Create(IMmioRegisterFile registers, GuestMemory memory, GuestAddressAllocator allocator, VirtualFileSystem vfs, ulong supportedFeatures) =>
            new Instance(new FsFreezeDriver(registers, memory, allocator, vfs, new FsFreezeDriverOptions { SupportedFeatures = supportedFeatures }));

        /// <inheritdoc />
        public override string ToString() => Name;

        private sealed class Instance : IDriverUnderTest
        {
            private readonly FsFreezeDriver driver;

            public Instance(FsFreezeDriver driver) => this.driver = driver;

            public bool Probe() => driver.Probe() == ProbeOutcome.Bound;

            public void OnInterrupt() => driver.OnInterrupt();

            public SimOperation<bool> Remove() => driver.Remove();

            public void Register(GuestApplication application) => driver.Register(application);
        }
    }
}
