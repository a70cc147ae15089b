using System.Collections.Generic;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// A register file that remembers each queue's size and areas as the driver programs them, so a known-bad
    /// device can find its split rings in guest memory. It changes nothing itself.
    /// </summary>
    public class QueueLayoutTap : RegisterFileDecorator
    {
        private readonly Dictionary<uint, ulong[]> _queues = new();
        private uint _queueSel;

        /// <summary>Wraps <paramref name="inner"/>.</summary>
        public QueueLayoutTap(IMmioRegisterFile inner)
            : base(inner)
        {
        }

        /// <summary>Queue <paramref name="index"/>'s (size, descriptor area, driver area, device area) as programmed.</summary>
        public (ushort Size, ulong Descriptors, ulong Driver, ulong Device) Layout(uint index)
        {
            ulong[] q = Slots(index);
            return ((ushort)q[0], q[1], q[2], q[3]);
        }

        /// <inheritdoc />
        public override void Write(ulong offset, int width, uint value)
        {
            ulong[] q = Slots(_queueSel);
            switch (offset)
            {
                case MmioRegister.QueueSel: _queueSel = value; break;
                case MmioRegister.QueueSize: q[0] = value; break;
                case MmioRegister.QueueDescLow: q[1] = (q[1] & ~0xFFFF_FFFFUL) | value; break;
                case MmioRegister.QueueDescHigh: q[1] = (q[1] & 0xFFFF_FFFFUL) | ((ulong)value << 32); break;
                case MmioRegister.QueueDriverLow: q[2] = (q[2] & ~0xFFFF_FFFFUL) | value; break;
                case MmioRegister.QueueDriverHigh: q[2] = (q[2] & 0xFFFF_FFFFUL) | ((ulong)value << 32); break;
                case MmioRegister.QueueDeviceLow: q[3] = (q[3] & ~0xFFFF_FFFFUL) | value; break;
                case MmioRegister.QueueDeviceHigh: q[3] = (q[3] & 0xFFFF_FFFFUL) | ((ulong)value << 32); break;
            }

            base.Write(offset, width, value);
        }

        private ulong[] Slots(uint index)
        {
            if (!_queues.TryGetValue(index, out ulong[]? slots))
            {
                slots = new ulong[4];
                _queues[index] = slots;
            }

            return slots;
        }
    }
}
