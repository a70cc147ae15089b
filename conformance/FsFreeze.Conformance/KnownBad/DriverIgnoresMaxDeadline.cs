using FsFreeze.Conformance.Adapters;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol.Config;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// Breaks FF-DRV-34: the driver accepts a FREEZE of any <c>deadline_ms</c>, whatever <c>max_deadline_ms</c> the
    /// device declared. Built as the reference driver reading its configuration through a window that reports
    /// <c>max_deadline_ms</c> as 0xffffffff, so the bound it checks against is no bound at all.
    /// </summary>
    public sealed class DriverIgnoresMaxDeadline : IDriverImplementation
    {
        /// <inheritdoc />
        public string Name => "bad-driver-ignores-max-deadline";

        /// <inheritdoc />
        public IDriverUnderTest Create(IMmioRegisterFile registers, GuestMemory memory, GuestAddressAllocator allocator, VirtualFileSystem vfs, ulong supportedFeatures) =>
            new ReferenceDriver().Create(new UnboundedDeadline(registers), memory, allocator, vfs, supportedFeatures);

        /// <inheritdoc />
        public override string ToString() => Name;

        private sealed class UnboundedDeadline : RegisterFileDecorator
        {
            private const ulong MaxDeadlineRegister = MmioRegister.Config + FsFreezeConfig.MaxDeadlineMsOffset;

            public UnboundedDeadline(IMmioRegisterFile inner)
                : base(inner)
            {
            }

            public override uint Read(ulong offset, int width) =>
                offset == MaxDeadlineRegister && width == 4 ? uint.MaxValue : Inner.Read(offset, width);
        }
    }
}
