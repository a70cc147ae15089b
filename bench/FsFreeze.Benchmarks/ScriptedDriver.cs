using System;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Benchmarks
{
    /// <summary>
    /// The driver side of a ring reduced to the fewest stores that make a batch of one-descriptor chains available
    /// again, so the device end can be measured alone without BenchmarkDotNet's one-invocation iteration setup.
    /// Split: the descriptors and every available-ring slot are written once; a batch is one release store of
    /// avail.idx. Packed: the device overwrites id, len and flags when it marks a descriptor used, so a batch is one
    /// copy of a prepared 128-descriptor image (16 bytes per chain) into the half of the ring the device reads next.
    /// </summary>
    public sealed class ScriptedDriver
    {
        private readonly RingPair _pair;
        private readonly int _batch;
        private readonly byte[][] _packedImages;
        private ushort _availIdx;
        private int _batchesPublished;

        /// <summary>Prepares the ring of <paramref name="pair"/> for batches of <paramref name="batch"/> chains (half the queue).</summary>
        public ScriptedDriver(RingPair pair, int batch)
        {
            ArgumentNullException.ThrowIfNull(pair);
            if (batch * 2 != pair.Config.Size)
            {
                throw new ArgumentException("a batch is half the queue", nameof(batch));
            }

            _pair = pair;
            _batch = batch;
            _packedImages = new[] { PackedImage(batch, wrapCounter: false), PackedImage(batch, wrapCounter: true) };
            if (pair.Format == RingFormat.Split)
            {
                Span<byte> table = Area(pair.Config.DescriptorArea, SplitRingLayout.DescriptorTableSize(pair.Config.Size));
                Span<byte> avail = Area(pair.Config.DriverArea, SplitRingLayout.AvailRingSize(pair.Config.Size));
                for (int i = 0; i < batch; i++)
                {
                    int at = i * SplitRingLayout.DescriptorSize;
                    RingAccess.WriteUInt64(table, at + SplitRingLayout.DescriptorAddressOffset, RingPair.Buffer(i));
                    RingAccess.WriteUInt32(table, at + SplitRingLayout.DescriptorLengthOffset, 64);
                    RingAccess.WriteUInt16(table, at + SplitRingLayout.DescriptorFlagsOffset, (ushort)DescriptorFlags.Write);
                }

                for (int slot = 0; slot < pair.Config.Size; slot++)
                {
                    RingAccess.WriteUInt16(avail, SplitRingLayout.AvailSlotOffset(slot), (ushort)(slot % batch));
                }
            }
        }

        /// <summary>Makes the next <c>batch</c> chains available.</summary>
        public void PublishBatch()
        {
            if (_pair.Format == RingFormat.Split)
            {
                _availIdx = (ushort)(_availIdx + _batch);
                RingAccess.WriteUInt16Release(Area(_pair.Config.DriverArea, SplitRingLayout.AvailRingSize(_pair.Config.Size)), SplitRingLayout.AvailIdxOffset, _availIdx);
            }
            else
            {
                // Halves alternate; the driver's wrap counter starts at 1 and toggles every full lap (two batches).
                int half = _batchesPublished & 1;
                bool wrapCounter = ((_batchesPublished >> 1) & 1) == 0;
                Span<byte> ring = Area(_pair.Config.DescriptorArea, PackedRingLayout.DescriptorRingSize(_pair.Config.Size));
                _packedImages[wrapCounter ? 1 : 0].CopyTo(ring.Slice(half * _batch * PackedRingLayout.DescriptorSize));
            }

            _batchesPublished++;
        }

        private static byte[] PackedImage(int batch, bool wrapCounter)
        {
            byte[] image = new byte[batch * PackedRingLayout.DescriptorSize];
            for (int i = 0; i < batch; i++)
            {
                int at = PackedRingLayout.DescriptorOffset(i);
                RingAccess.WriteUInt64(image, at + PackedRingLayout.DescriptorAddressOffset, RingPair.Buffer(i));
                RingAccess.WriteUInt32(image, at + PackedRingLayout.DescriptorLengthOffset, 64);
                RingAccess.WriteUInt16(image, at + PackedRingLayout.DescriptorIdOffset, (ushort)i);
                RingAccess.WriteUInt16(image, at + PackedRingLayout.DescriptorFlagsOffset, (ushort)(DescriptorFlags.Write | PackedRingLayout.AvailableFlags(wrapCounter)));
            }

            return image;
        }

        private Span<byte> Area(ulong address, int length) =>
            _pair.Memory.TryGetSpan(address, length, out Span<byte> span) ? span : throw new InvalidOperationException("ring area outside guest memory");
    }
}
