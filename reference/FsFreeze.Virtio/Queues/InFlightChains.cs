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

        /// <summary>
        /// Finds the record of the chain a used element names: <paramref name="id"/> in range and in flight
        /// (FF-RING-16). On failure <paramref name="error"/> says why and the reference is null. One lookup serves
        /// the slot count and the completion, so a reclaim indexes the table once.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref Entry Find(uint id, out QueueError error)
        {
            Entry[] entries = _entries;
            if (id >= (uint)entries.Length)
            {
                error = QueueError.UsedIdOutOfRange;
                return ref Unsafe.NullRef<Entry>();
            }

            ref Entry entry = ref entries[id];
            if (entry.Slots == 0)
            {
                error = QueueError.UsedIdNotInFlight;
                return ref Unsafe.NullRef<Entry>();
            }

            error = QueueError.None;
            return ref entry;
        }

        /// <summary>
        /// Ends the record <paramref name="entry"/> (from <see cref="Find"/>) of chain <paramref name="id"/> and
        /// builds its completion. A length beyond the chain's writable space is refused: the completion then
        /// carries length 0 and the error says why.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static QueueError Complete(ref Entry entry, ushort id, uint length, out UsedBuffer used)
        {
            bool lengthValid = length <= entry.WritableLength;
            used = new UsedBuffer(id, lengthValid ? length : 0, entry.Token);
            entry = default;
            return lengthValid ? QueueError.None : QueueError.UsedLengthTooLarge;
        }

        /// <summary>One chain's record: the ring slots it took (0 when the id is not in flight), its writable space, the caller's token.</summary>
        internal readonly record struct Entry(ushort Slots, uint WritableLength, ulong Token);
    }
}
