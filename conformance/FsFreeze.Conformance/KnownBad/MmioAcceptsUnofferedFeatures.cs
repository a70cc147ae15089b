using FsFreeze.Conformance.Adapters;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// Breaks FF-INIT-4: the transport silently drops DriverFeatures bits the device did not offer, so FEATURES_OK
    /// is accepted for a set with un-offered bits instead of being left clear.
    /// </summary>
    public sealed class MmioAcceptsUnofferedFeatures : IMmioTransportImplementation
    {
        /// <inheritdoc />
        public string Name => "bad-mmio-accepts-unoffered-features";

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
            private uint _deviceFeaturesSel;
            private uint _driverFeaturesSel;

            public Registers(IMmioRegisterFile inner)
                : base(inner)
            {
            }

            public override void Write(ulong offset, int width, uint value)
            {
                if (offset == MmioRegister.DeviceFeaturesSel)
                {
                    _deviceFeaturesSel = value;
                }
                else if (offset == MmioRegister.DriverFeaturesSel)
                {
                    _driverFeaturesSel = value;
                }
                else if (offset == MmioRegister.DriverFeatures)
                {
                    // The bug: read the offered window and keep only those bits, restoring the driver's selector.
                    Inner.Write(MmioRegister.DeviceFeaturesSel, 4, _driverFeaturesSel);
                    value &= Inner.Read(MmioRegister.DeviceFeatures, 4);
                    Inner.Write(MmioRegister.DeviceFeaturesSel, 4, _deviceFeaturesSel);
                }

                Inner.Write(offset, width, value);
            }
        }
    }
}
