using FsFreeze.Conformance.Adapters;
using FsFreeze.Device.Emulation;
using Wire = FsFreeze.Protocol.FsFreezeDevice;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// Breaks FF-DEV-9: the device ignores the WRITE flag of replyq descriptors, so a reply chain with a
    /// device-writable buffer is read as a reply instead of being a malformed ring.
    /// </summary>
    public sealed class DeviceAcceptsWritableReply : IDeviceImplementation
    {
        /// <inheritdoc />
        public string Name => "bad-device-accepts-writable-reply";

        /// <inheritdoc />
        public DeviceUnderTest Create(FsFreezeDeviceOptions options, GuestMemory memory, IInterruptLine interruptLine)
        {
            DeviceUnderTest reference = new ReferenceFsFreezeDevice().Create(options, memory, interruptLine);
            return reference with { Registers = new Registers(reference.Registers, memory) };
        }

        /// <inheritdoc />
        public override string ToString() => Name;

        private sealed class Registers : QueueLayoutTap
        {
            private readonly GuestMemory _memory;

            public Registers(IMmioRegisterFile inner, GuestMemory memory)
                : base(inner) => _memory = memory;

            public override void Write(ulong offset, int width, uint value)
            {
                if (offset == MmioRegister.QueueNotify && value == Wire.ReplyQueueIndex)
                {
                    // The bug: every replyq descriptor is taken as device-readable, whatever its WRITE flag says.
                    (ushort size, ulong descriptors, _, _) = Layout(value);
                    for (int i = 0; i < size; i++)
                    {
                        ulong flagsAt = descriptors + (ulong)(i * SplitRingLayout.DescriptorSize) + SplitRingLayout.DescriptorFlagsOffset;
                        if (_memory.TryReadUInt16(flagsAt, out ushort flags))
                        {
                            _memory.TryWriteUInt16(flagsAt, (ushort)(flags & ~(ushort)DescriptorFlags.Write));
                        }
                    }
                }

                base.Write(offset, width, value);
            }
        }
    }
}
