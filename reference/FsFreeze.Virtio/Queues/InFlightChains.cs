using System.Runtime.CompilerServices;

namespace FsFreeze.Virtio.Queues
{
    /// <summary>
    /// The driver end's own record of every chain in flight, by id (split head index or packed Buffer ID): the ring
    /// slots it took, its writable space and the caller's token. Both ring formats check a used element against it
    /// (FF-RING-16), so nothing the device writes is trusted for bookkeeping.
    /// </summary>
    /// <remarks>One array of records rather than one array per field: a completion touches one cache line and one bounds check.</remarks>
    internal sealed class InFlightChains
    {
        private readonly Entry[] _entries;

        public InFlightChains(int size)
        {
            _entries = new Entry[size];
        }

        /// <summary>Records a chain made available under <paramref name="id"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Record(ushort id, ushort slots, uint writableLength, ulong token) =>
            _entries[id] = new Entry(slots, writableLength, token);

        /// <summary>Ring slots (descriptors) the chain took; 0 when <paramref name="id"/> is not in flight.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ushort SlotsOf(ushort id) => _entries[id].Slots;

        /// <summary>Checks a used element's id: in range, and the id of a chain in flight.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public QueueError CheckId(uint id)
        {
            Entry[] entries = _entries;
            return id >= (uint)entries.Length ? QueueError.UsedIdOutOfRange
                : entries[id].Slots == 0 ? QueueError.UsedIdNotInFlight
                : QueueError.None;
        }

        /// <summary>
        /// Ends the record of chain <paramref name="id"/> and builds its completion. A length beyond the chain's
        /// writable space is refused: the completion then carries length 0 and the error says why.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public QueueError Complete(ushort id, uint length, out UsedBuffer used)
        {
            ref Entry entry = ref _entries[id];
            bool lengthValid = length <= entry.WritableLength;
            used = new UsedBuffer(id, lengthValid ? length : 0, entry.Token);
            entry = default;
            return lengthValid ? QueueError.None : QueueError.UsedLengthTooLarge;
        }

        private readonly record struct Entry(ushort Slots, uint WritableLength, ulong Token);
    }
}
