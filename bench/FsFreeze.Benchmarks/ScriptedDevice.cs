using System;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Benchmarks
{
    /// <summary>
    /// The device side of a ring reduced to the stores that mark a batch of chains used, with no validation, so the
    /// driver end (add, notification decision, reclaim) can be measured alone. Split: one used element per chain
    /// and one release store of used.idx per batch. Packed: id, len and flags of one used descriptor per chain, in
    /// the slots the driver filled, with the device's wrap counter.
    /// </summary>
    public sealed class ScriptedDevice
    {
        private readonly RingPair _pair;
        private ushort _usedIdx;
        private int _nextUsedSlot;
        private bool _usedWrapCounter = true;

        /// <summary>Serves the ring of <paramref name="pair"/>.</summary>
        public ScriptedDevice(RingPair pair)
        {
            ArgumentNullException.ThrowIfNull(pair);
            _pair = pair;
        }

        /// <summary>Marks the chains <paramref name="ids"/> used, in order, with <paramref name="written"/> bytes each.</summary>
        public void UseAll(ReadOnlySpan<ushort> ids, uint written)
        {
            int size = _pair.Config.Size;
            if (_pair.Format == RingFormat.Split)
            {
                Span<byte> used = Area(_pair.Config.DeviceArea, SplitRingLayout.UsedRingSize(size));
                foreach (ushort id in ids)
                {
                    int slot = SplitRingLayout.UsedSlotOffset(_usedIdx & (size - 1));
                    RingAccess.WriteUInt32(used, slot, id);
                    RingAccess.WriteUInt32(used, slot + 4, written);
                    _usedIdx++;
                }

                RingAccess.WriteUInt16Release(used, SplitRingLayout.UsedIdxOffset, _usedIdx);
                return;
            }

            Span<byte> ring = Area(_pair.Config.DescriptorArea, PackedRingLayout.DescriptorRingSize(size));
            foreach (ushort id in ids)
            {
                int at = PackedRingLayout.DescriptorOffset(_nextUsedSlot);
                RingAccess.WriteUInt32(ring, at + PackedRingLayout.DescriptorLengthOffset, written);
                RingAccess.WriteUInt16(ring, at + PackedRingLayout.DescriptorIdOffset, id);
                RingAccess.WriteUInt16Release(ring, at + PackedRingLayout.DescriptorFlagsOffset, (ushort)(PackedRingLayout.UsedFlags(_usedWrapCounter) | DescriptorFlags.Write));
                if (++_nextUsedSlot == size)
                {
                    _nextUsedSlot = 0;
                    _usedWrapCounter = !_usedWrapCounter;
                }
            }
        }

        private Span<byte> Area(ulong address, int length) =>
            _pair.Memory.TryGetSpan(address, length, out Span<byte> span) ? span : throw new InvalidOperationException("ring area outside guest memory");
    }
}
