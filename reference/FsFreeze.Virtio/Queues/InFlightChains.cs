namespace FsFreeze.Virtio.Queues
{
    /// <summary>
    /// The driver end's own record of every chain in flight, by id (split head index or packed Buffer ID): the ring
    /// slots it took, its writable space and the caller's token. Both ring formats check a used element against it
    /// (FF-RING-16), so nothing the device writes is trusted for bookkeeping.
    /// </summary>
    internal sealed class InFlightChains
    {
        private readonly ushort[] _slots;
        private readonly uint[] _writableLength;
        private readonly ulong[] _token;

        public InFlightChains(int size)
        {
            _slots = new ushort[size];
            _writableLength = new uint[size];
            _token = new ulong[size];
        }

        /// <summary>Records a chain made available under <paramref name="id"/>.</summary>
        public void Record(ushort id, ushort slots, uint writableLength, ulong token)
        {
            _slots[id] = slots;
            _writableLength[id] = writableLength;
            _token[id] = token;
        }

        /// <summary>Ring slots (descriptors) the chain took; 0 when <paramref name="id"/> is not in flight.</summary>
        public ushort SlotsOf(ushort id) => _slots[id];

        /// <summary>Checks a used element's id: in range, and the id of a chain in flight.</summary>
        public QueueError CheckId(uint id) =>
            id >= (uint)_slots.Length ? QueueError.UsedIdOutOfRange
            : _slots[id] == 0 ? QueueError.UsedIdNotInFlight
            : QueueError.None;

        /// <summary>
        /// Ends the record of chain <paramref name="id"/> and builds its completion. A length beyond the chain's
        /// writable space is refused: the completion then carries length 0 and the error says why.
        /// </summary>
        public QueueError Complete(ushort id, uint length, out UsedBuffer used)
        {
            bool lengthValid = length <= _writableLength[id];
            used = new UsedBuffer(id, lengthValid ? length : 0, _token[id]);
            _slots[id] = 0;
            _writableLength[id] = 0;
            _token[id] = 0;
            return lengthValid ? QueueError.None : QueueError.UsedLengthTooLarge;
        }
    }
}
