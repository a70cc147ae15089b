using System;
using System.Buffers.Binary;

namespace FsFreeze.Virtio.Mmio
{
    /// <summary>The device-specific configuration space at 0x100 (virtio 1.4 "Device Configuration Space").</summary>
    public sealed partial class VirtioMmioTransport
    {
        /// <inheritdoc />
        protected override uint ReadConfig(ulong offset, int width)
        {
            if (!IsConfigAccess(offset, width))
            {
                return 0;
            }

            Span<byte> bytes = stackalloc byte[sizeof(uint)];
            bytes.Clear();
            _device.ReadConfig((int)offset, bytes.Slice(0, width));
            return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        }

        /// <inheritdoc />
        protected override void WriteConfig(ulong offset, int width, uint value)
        {
            if (!IsConfigAccess(offset, width))
            {
                return;
            }

            Span<byte> bytes = stackalloc byte[sizeof(uint)];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
            _device.WriteConfig((int)offset, bytes.Slice(0, width));
        }

        /// <summary>
        /// FF-MMIO-11: only 1-, 2- and 4-byte accesses lying wholly inside the configuration space reach the device.
        /// The driver matches each field's width; a wider field is read in 32-bit pieces under ConfigGeneration.
        /// </summary>
        private bool IsConfigAccess(ulong offset, int width) =>
            (width == 1 || width == 2 || width == 4)
            && offset <= (ulong)_device.ConfigSize
            && (ulong)width <= (ulong)_device.ConfigSize - offset;
    }
}
