using System;
using System.Collections.Generic;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Systems
{
    /// <summary>
    /// The driver's view of the register window, passed through unchanged, noting where the driver placed each
    /// virtqueue (QueueSel, QueueSize, QueueDesc/Driver/Device) and counting its QueueNotify writes (the
    /// available-buffer notifications). With those addresses the demo reads requestq and
    /// replyq traffic straight out of guest memory, as a bus analyser would.
    /// </summary>
    public sealed class QueueAddressTap : IMmioRegisterFile
    {
        private readonly IMmioRegisterFile inner;
        private readonly Dictionary<uint, QueueLayout> queues = new();
        private uint selected;

        /// <summary>Wraps <paramref name="inner"/> (the transport).</summary>
        public QueueAddressTap(IMmioRegisterFile inner)
        {
            ArgumentNullException.ThrowIfNull(inner);
            this.inner = inner;
        }

        /// <summary>Available-buffer notifications: the driver's writes to QueueNotify.</summary>
        public int Notifications { get; private set; }

        /// <summary>The layout of each queue the driver set up, by index.</summary>
        public IReadOnlyDictionary<uint, QueueLayout> Queues => queues;

        /// <summary>Times the driver reset the device (wrote 0 to Status).</summary>
        public int Resets { get; private set; }

        /// <inheritdoc />
        public uint Read(ulong offset, int width) => inner.Read(offset, width);

        /// <inheritdoc />
        public void Write(ulong offset, int width, uint value)
        {
            Note(offset, value);
            inner.Write(offset, width, value);
        }

        private void Note(ulong offset, uint value)
        {
            if (offset == MmioRegister.Status && value == 0)
            {
                Resets++;
                return;
            }

            if (offset == MmioRegister.QueueNotify)
            {
                Notifications++;
                return;
            }

            if (offset == MmioRegister.QueueSel)
            {
                selected = value;
                return;
            }

            QueueLayout layout = queues.TryGetValue(selected, out QueueLayout? known) ? known : new QueueLayout();
            switch (offset)
            {
                case MmioRegister.QueueSize: layout = layout with { Size = (ushort)value }; break;
                case MmioRegister.QueueDescLow: layout = layout with { Descriptors = (layout.Descriptors & 0xFFFF_FFFF_0000_0000UL) | value }; break;
                case MmioRegister.QueueDriverLow: layout = layout with { Driver = (layout.Driver & 0xFFFF_FFFF_0000_0000UL) | value }; break;
                case MmioRegister.QueueDeviceLow: layout = layout with { Device = (layout.Device & 0xFFFF_FFFF_0000_0000UL) | value }; break;
                case MmioRegister.QueueDescHigh: layout = layout with { Descriptors = (layout.Descriptors & 0xFFFF_FFFFUL) | ((ulong)value << 32) }; break;
                case MmioRegister.QueueDriverHigh: layout = layout with { Driver = (layout.Driver & 0xFFFF_FFFFUL) | ((ulong)value << 32) }; break;
                case MmioRegister.QueueDeviceHigh: layout = layout with { Device = (layout.Device & 0xFFFF_FFFFUL) | ((ulong)value << 32) }; break;
                default: return;
            }

            queues[selected] = layout;
        }
    }

    /// <summary>Where a split virtqueue lives in guest memory.</summary>
    /// <param name="Size">Entries.</param>
    /// <param name="Descriptors">The descriptor table.</param>
    /// <param name="Driver">The available ring (driver area).</param>
    /// <param name="Device">The used ring (device area).</param>
    public sealed record QueueLayout(ushort Size = 0, ulong Descriptors = 0, ulong Driver = 0, ulong Device = 0);
}
