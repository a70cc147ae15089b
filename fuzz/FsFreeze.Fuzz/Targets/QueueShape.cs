using FsFreeze.Virtio.Common;

namespace FsFreeze.Fuzz.Targets
{
    /// <summary>
    /// The first two bytes of every queue input: ring format and features, then the queue size. Sizes are picked
    /// so every value of the byte is a size the format allows; an invalid size is a setup check, not worth
    /// fuzzer time on the chain parsers.
    /// </summary>
    public readonly struct QueueShape
    {
        /// <summary>Bit of the flags byte: packed ring.</summary>
        public const byte PackedBit = 1;

        /// <summary>Bit of the flags byte: VIRTIO_F_INDIRECT_DESC negotiated.</summary>
        public const byte IndirectBit = 2;

        /// <summary>Bit of the flags byte: VIRTIO_F_EVENT_IDX negotiated.</summary>
        public const byte EventIdxBit = 4;

        private QueueShape(byte flags, ushort size)
        {
            Flags = flags;
            Size = size;
        }

        /// <summary>The raw flags byte; harnesses give the upper bits their own meanings.</summary>
        public byte Flags { get; }

        /// <summary>Queue Size.</summary>
        public ushort Size { get; }

        /// <summary>True for a packed ring.</summary>
        public bool Packed => (Flags & PackedBit) != 0;

        /// <summary>The negotiated features the flags stand for.</summary>
        public ulong Features =>
            VirtioFeatureBit.Mask(VirtioFeatureBit.Version1)
            | (Packed ? VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked) : 0)
            | ((Flags & IndirectBit) != 0 ? VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc) : 0)
            | ((Flags & EventIdxBit) != 0 ? VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx) : 0);

        /// <summary>Reads the flags byte and the size byte.</summary>
        public static QueueShape Read(FuzzInput input)
        {
            System.ArgumentNullException.ThrowIfNull(input);
            byte flags = input.ReadByte();
            byte sizeByte = input.ReadByte();

            // Split sizes must be powers of two (1 to 16 here); packed sizes may be anything from 1 to 16.
            ushort size = (flags & PackedBit) != 0
                ? (ushort)((sizeByte % GuestLayout.MaxQueueSize) + 1)
                : (ushort)(1 << (sizeByte % 5));
            return new QueueShape(flags, size);
        }

        /// <summary>The two bytes that <see cref="Read"/> turns into a shape of <paramref name="size"/>.</summary>
        public static byte SizeByte(bool packed, int size)
        {
            if (packed)
            {
                return (byte)(size - 1);
            }

            byte log = 0;
            while ((1 << log) < size)
            {
                log++;
            }

            return log;
        }
    }
}
