using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Adapters
{
    /// <summary>
    /// A virtio-mmio transport under test (FF-MMIO-*, FF-INIT-*): the register file a driver sees in front of a
    /// device the suite provides. The suite plays the driver register by register, so it can break the rules.
    /// </summary>
    public interface IMmioTransportImplementation
    {
        /// <summary>Name shown in test names and reports, for example "reference-mmio".</summary>
        string Name { get; }

        /// <summary>Puts a register file in front of <paramref name="device"/>, whose queues live in <paramref name="memory"/>.</summary>
        MmioTransportUnderTest Create(VirtioDevice device, GuestMemory memory, IInterruptLine? interruptLine);
    }

    /// <summary>A created transport.</summary>
    /// <param name="Registers">What the driver reads and writes; every black-box check goes through it.</param>
    /// <param name="Reference">
    /// The reference transport when it sits behind <paramref name="Registers"/>, for the white-box checks that read
    /// its state (negotiated features, the recorded fault); null for an implementation the suite cannot look into.
    /// </param>
    public sealed record MmioTransportUnderTest(IMmioRegisterFile Registers, VirtioMmioTransport? Reference);
}
