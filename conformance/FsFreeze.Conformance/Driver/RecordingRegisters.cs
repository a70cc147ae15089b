using System.Collections.Generic;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Driver
{
    /// <summary>
    /// Passes the driver's register accesses through and remembers what the suite needs to check them: Status
    /// writes in order, config-space writes, and each queue's QueueSize and device (used ring) area.
    /// </summary>
    public sealed class RecordingRegisters : IMmioRegisterFile
    {
        private readonly IMmioRegisterFile inner;
        private uint queueSel;

        /// <summary>Wraps <paramref name="inner"/>.</summary>
        public RecordingRegisters(IMmioRegisterFile inner) => this.inner = inner;

        /// <summary>Values written to Status, in order.</summary>
        public List<uint> StatusWrites { get; } = new();

        /// <summary>Writes at or above 0x100 (the configuration space).</summary>
        public int ConfigWrites { get; private set; }

        /// <summary>Writes to DriverFeatures, with the selector in force.</summary>
        public Dictionary<uint, uint> DriverFeatureWindows { get; } = new();

        /// <summary>QueueDevice area per queue index.</summary>
        public Dictionary<uint, ulong> UsedRing { get; } = new();

        /// <summary>QueueSize per queue index.</summary>
        public Dictionary<uint, ushort> QueueSize { get; } = new();

        private uint driverFeaturesSel;

        /// <inheritdoc />
        public uint Read(ulong offset, int width) => inner.Read(offset, width);

        /// <inheritdoc />
        public void Write(ulong offset, int width, uint value)
        {
            switch (offset)
            {
                case MmioRegister.Status:
                    StatusWrites.Add(value);
                    break;
                case MmioRegister.QueueSel:
                    queueSel = value;
                    break;
                case MmioRegister.QueueSize:
                    QueueSize[queueSel] = (ushort)value;
                    break;
                case MmioRegister.QueueDeviceLow:
                    UsedRing[queueSel] = (UsedRing.GetValueOrDefault(queueSel) & 0xFFFF_FFFF_0000_0000UL) | value;
                    break;
                case MmioRegister.QueueDeviceHigh:
                    UsedRing[queueSel] = (UsedRing.GetValueOrDefault(queueSel) & 0xFFFF_FFFFUL) | ((ulong)value << 32);
                    break;
                case MmioRegister.DriverFeaturesSel:
                    driverFeaturesSel = value;
                    break;
                case MmioRegister.DriverFeatures:
                    DriverFeatureWindows[driverFeaturesSel] = value;
                    break;
                default:
                    if (offset >= MmioRegister.Config)
                    {
                        ConfigWrites++;
                    }

                    break;
            }

            inner.Write(offset, width, value);
        }
    }
}
