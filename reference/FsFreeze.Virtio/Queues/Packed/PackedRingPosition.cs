namespace FsFreeze.Virtio.Queues.Packed
{
    /// <summary>
    /// A position in the packed descriptor ring: a slot offset and the wrap counter that goes with it (virtio 1.4
    /// "Driver and Device Ring Wrap Counters", spec FF-RING-22). It starts at slot 0 with the counter at 1, and the
    /// counter toggles each time the position passes the last slot. Queue Size need not be a power of two, so the
    /// offset is reduced by comparison, never by masking.
    /// </summary>
    internal struct PackedRingPosition
    {
        /// <summary>The initial position: slot 0, wrap counter 1.</summary>
        public static PackedRingPosition Start => new() { Offset = 0, WrapCounter = true };

        /// <summary>Slot offset, 0 to Queue Size - 1.</summary>
        public int Offset { get; private set; }

        /// <summary>The wrap counter: true for 1.</summary>
        public bool WrapCounter { get; private set; }

        /// <summary>The <c>off_wrap</c> encoding of this position.</summary>
        public readonly ushort OffWrap => PackedRingLayout.OffWrap(Offset, WrapCounter);

        /// <summary>Moves forward by <paramref name="slots"/> (at most one lap), toggling the counter when passing the end.</summary>
        public void Advance(int slots, int queueSize)
        {
            int offset = Offset + slots;
            if (offset >= queueSize)
            {
                offset -= queueSize;
                WrapCounter = !WrapCounter;
            }

            Offset = offset;
        }
    }
}
