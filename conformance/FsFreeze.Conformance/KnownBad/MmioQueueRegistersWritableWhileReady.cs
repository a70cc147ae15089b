using FsFreeze.Conformance.Adapters;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// Breaks FF-MMIO-7: while the selected queue's QueueReady is 1, a write to QueueSize or an area register takes
    /// effect (the transport stops the queue, stores the value and re-enables it) instead of being ignored.
    /// </summary>
    public sealed class MmioQueueRegistersWritableWhileReady : IMmioTransportImplementation
    {
        /// <inheritdoc />
        public string Name => "bad-mmio-queue-registers-writable-while-ready";

        /// <inheritdoc />
        public MmioTransportUnderTest Create(VirtioDevice device, GuestMemory memory, IInterruptLine? interruptLine)
        {
            var reference = new VirtioMmioTransport(device, memory, interruptLine);
            return new MmioTransportUnderTest(new Registers(reference), reference);
        }

        /// <inheritdoc />
        public override string ToString() => Name;

        private sealed class Registers : RegisterFileDecorator
        {
            public Registers(IMmioRegisterFile inner)
                : base(inner)
            {
            }

            public override void Write(ulong offset, int width, uint value)
            {
                bool layout = offset == MmioRegister.QueueSize || (offset >= MmioRegister.QueueDescLow && offset <= MmioRegister.QueueDeviceHigh);
                if (!layout || Inner.Read(MmioRegister.QueueReady, 4) == 0)
                {
                    Inner.Write(offset, width, value);
                    return;
                }

                // The bug: the layout changes under a live queue.
                Inner.Write(MmioRegister.QueueReady, 4, 0);
                Inner.Write(offset, width, value);
                Inner.Write(MmioRegister.QueueReady, 4, 1);
            }
        }
    }
}
