namespace FsFreeze.Virtio.Queues.Packed
{
    /// <summary>
    /// The set of Buffer IDs a packed device end holds. A Buffer ID is any u16 the driver chooses (virtio 1.4
    /// "Packed Virtqueues" puts no bound on it), so the set is a fixed 8 KiB bitmap over all 65536 values,
    /// allocated once: popping and pushing allocate nothing. A struct around the array, so the device end holds
    /// the array itself and a lookup is one load less (issue 9).
    /// </summary>
    internal readonly struct InFlightBufferIds
    {
        private readonly ulong[] _bits;

        public InFlightBufferIds()
        {
            _bits = new ulong[(ushort.MaxValue + 1) / 64];
        }

        public bool Contains(ushort id) => (_bits[id >> 6] & (1UL << (id & 63))) != 0;

        public void Add(ushort id) => _bits[id >> 6] |= 1UL << (id & 63);

        public void Remove(ushort id) => _bits[id >> 6] &= ~(1UL << (id & 63));
    }
}
