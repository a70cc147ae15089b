using FsFreeze.Device.Emulation;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Adapters.VhostUser
{
    /// <summary>
    /// IUT <c>vhost-user-spawn</c>: a <see cref="VhostUserDeviceImplementation"/> whose back-end
    /// <see cref="BackendProcess"/> starts on first use, so resolving the setting (the runner does it too) starts
    /// nothing; a back-end that cannot start fails each device test with the reason.
    /// </summary>
    public sealed class SpawnedVhostUserDevice : IDeviceImplementation, IVhostUserBackend
    {
        private readonly string _repositoryRoot;

        /// <summary>Starts the back-end built under <paramref name="repositoryRoot"/> when first needed.</summary>
        public SpawnedVhostUserDevice(string repositoryRoot) => _repositoryRoot = repositoryRoot;

        /// <inheritdoc />
        public string Name => "vhost-user-device (spawned)";

        /// <inheritdoc />
        public (string Socket, string Control) Endpoints() => BackendProcess.Start(_repositoryRoot).Endpoints();

        /// <inheritdoc />
        public GuestMemory AllocateMemory(ulong guestPhysicalAddress, int size) =>
            BackendProcess.Start(_repositoryRoot).AllocateMemory(guestPhysicalAddress, size);

        /// <inheritdoc />
        public DeviceUnderTest Create(FsFreezeDeviceOptions options, GuestMemory memory, IInterruptLine interruptLine) =>
            BackendProcess.Start(_repositoryRoot).Create(options, memory, interruptLine);

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
