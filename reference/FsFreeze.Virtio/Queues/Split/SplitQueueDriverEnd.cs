using System;
using System.Runtime.CompilerServices;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Queues.Split
{
    /// <summary>
    /// The driver end of a split virtqueue, shaped like Linux's <c>virtio_ring.c</c>: a free list of descriptors,
    /// chains written readable-first, the available index published with release, notification decided with
    /// <c>vring_need_event</c> or the NO_NOTIFY flag. It keeps its own shadow of everything it wrote, so a
    /// hostile device that scribbles on the descriptor table cannot corrupt the free list, and it checks every
    /// used element (id in range, chain in flight, length within the writable space) before trusting it.
    /// </summary>
    public sealed class SplitQueueDriverEnd : IDriverQueue
    {
        private const ushort EndOfList = ushort.MaxValue;

        private readonly GuestMemory _memory;
        private readonly MappedArea _descriptors;
        private readonly MappedArea _avail;
        private readonly MappedArea _used;
        private readonly ushort _mask;
        private readonly bool _eventIdx;
        private readonly bool _indirect;
        private readonly ulong _indirectArea;
        private readonly int _indirectEntries;
        private readonly ushort[] _next;
        private readonly InFlightChains _chains;
        private ushort _freeHead;
        private ushort _availIdx;
        private int _added;
        private ushort _lastUsedIdx;
        private bool _interruptsEnabled = true;

        private SplitQueueDriverEnd(GuestMemory memory, QueueConfiguration config, MappedArea descriptors, MappedArea avail, MappedArea used, ulong indirectArea, int indirectEntries)
        {
            _memory = memory;
            Size = config.Size;
            _mask = (ushort)(config.Size - 1);
            _eventIdx = config.EventIdx;
            _indirect = config.IndirectDesc && indirectArea != 0 && indirectEntries > 0;
            _indirectArea = indirectArea;
            _indirectEntries = indirectEntries;
            _descriptors = descriptors;
            _avail = avail;
            _used = used;
            _next = new ushort[config.Size];
            _chains = new InFlightChains(config.Size);
            for (int i = 0; i < _next.Length; i++)
            {
                _next[i] = i + 1 < _next.Length ? (ushort)(i + 1) : EndOfList;
            }

            FreeCount = config.Size;

            // The driver allocates the ring: everything starts zeroed, used.flags 0 included (a MUST).
            descriptors.Span.Clear();
            avail.Span.Clear();
            used.Span.Clear();
        }

        /// <inheritdoc />
        public ushort Size { get; }

        /// <inheritdoc />
        public int FreeCount { get; private set; }

        /// <inheritdoc />
        public int InFlightCount { get; private set; }

        /// <summary>The driver's available index (the value last published in avail.idx).</summary>
        public ushort AvailIndex => _availIdx;

        /// <summary>The next used index the driver will read (Linux's last_used_idx).</summary>
        public ushort LastUsedIndex => _lastUsedIdx;

        /// <summary>Set when the device moved the used index further than anything in flight; reclaim then stops.</summary>
        public QueueError Error { get; private set; }

        /// <summary>
        /// Validates the configuration, zeroes the ring memory and creates the driver end. Indirect tables, when
        /// VIRTIO_F_INDIRECT_DESC is negotiated, live at <paramref name="indirectArea"/>: one table of
        /// <paramref name="indirectEntries"/> descriptors per head index.
        /// </summary>
        public static QueueError TryCreate(GuestMemory memory, QueueConfiguration config, out SplitQueueDriverEnd? queue, ulong indirectArea = 0, int indirectEntries = 0) =>
            TryCreate(memory, config, 0, out queue, indirectArea, indirectEntries);

        /// <summary>As the other overload, with both indices starting at <paramref name="startIndex"/> (so tests can start near 65535).</summary>
        public static QueueError TryCreate(GuestMemory memory, QueueConfiguration config, ushort startIndex, out SplitQueueDriverEnd? queue, ulong indirectArea = 0, int indirectEntries = 0)
        {
            ArgumentNullException.ThrowIfNull(memory);

            queue = null;
            QueueError error = SplitRingMapping.TryMap(memory, config, out MappedArea descriptors, out MappedArea avail, out MappedArea used);
            if (error != QueueError.None)
            {
                return error;
            }

            error = DriverChainRules.CheckIndirectArea(memory, config, indirectArea, indirectEntries);
            if (error != QueueError.None)
            {
                return error;
            }

            queue = new SplitQueueDriverEnd(memory, config, descriptors, avail, used, indirectArea, indirectEntries);
            queue._availIdx = startIndex;
            queue._lastUsedIdx = startIndex;
            RingAccess.WriteUInt16(avail.Span, SplitRingLayout.AvailIdxOffset, startIndex);
            RingAccess.WriteUInt16(used.Span, SplitRingLayout.UsedIdxOffset, startIndex);
            return QueueError.None;
        }

        /// <inheritdoc />
        public QueueError TryAdd(ReadOnlySpan<BufferSpec> readable, ReadOnlySpan<BufferSpec> writable, ulong token, bool useIndirect, out ushort id)
        {
            id = 0;
            QueueError invalid = DriverChainRules.CheckChain(readable, writable, useIndirect, _indirect, _indirectEntries, Size, out uint writableTotal);
            if (invalid != QueueError.None)
            {
                return invalid;
            }

            int total = readable.Length + writable.Length;

            int needed = useIndirect ? 1 : total;
            if (FreeCount < needed)
            {
                return QueueError.QueueFull;
            }

            ushort head = _freeHead;
            if (useIndirect)
            {
                ulong tableAddress = _indirectArea + ((ulong)head * (ulong)_indirectEntries * SplitRingLayout.DescriptorSize);
                _memory.TryGetSpan(tableAddress, total * SplitRingLayout.DescriptorSize, out Span<byte> table);
                for (int i = 0; i < total; i++)
                {
                    bool isWritable = i >= readable.Length;
                    BufferSpec buffer = isWritable ? writable[i - readable.Length] : readable[i];
                    DescriptorFlags flags = (i + 1 < total ? DescriptorFlags.Next : DescriptorFlags.None) | (isWritable ? DescriptorFlags.Write : DescriptorFlags.None);
                    WriteDescriptor(table, i, buffer.Address, buffer.Length, flags, (ushort)(i + 1 < total ? i + 1 : 0));
                }

                WriteDescriptor(_descriptors.View, head, tableAddress, (uint)(total * SplitRingLayout.DescriptorSize), DescriptorFlags.Indirect, 0);
                _freeHead = _next[head];
            }
            else
            {
                // Every index comes from the driver's own free list, so it is below the Queue Size and its
                // descriptor lies in the table mapped at setup (MappedArea).
                ushort[] nextFree = _next;
                RingView descriptors = _descriptors.View;
                ushort index = head;
                for (int i = 0; i < total; i++)
                {
                    bool isWritable = i >= readable.Length;
                    BufferSpec buffer = isWritable ? writable[i - readable.Length] : readable[i];
                    DescriptorFlags flags = (i + 1 < total ? DescriptorFlags.Next : DescriptorFlags.None) | (isWritable ? DescriptorFlags.Write : DescriptorFlags.None);
                    ushort next = nextFree[index];
                    WriteDescriptor(descriptors, index, buffer.Address, buffer.Length, flags, next == EndOfList ? (ushort)0 : next);
                    index = next;
                }

                _freeHead = index;
            }

            FreeCount -= needed;
            _chains.Record(head, (ushort)needed, writableTotal, token);

            // Ring entry first, then the index with release ("Updating idx"). The slot is masked below the Queue Size.
            RingView avail = _avail.View;
            ushort availIdx = _availIdx;
            avail.WriteUInt16(SplitRingLayout.AvailSlotOffset(availIdx & _mask), head);
            _availIdx = ++availIdx;
            avail.WriteUInt16Release(SplitRingLayout.AvailIdxOffset, availIdx);
            _added++;
            InFlightCount++;
            id = head;
            return QueueError.None;
        }

        /// <inheritdoc />
        public bool NeedsNotification()
        {
            if (_added == 0)
            {
                return false;
            }

            ushort newIdx = _availIdx;
            ushort oldIdx = (ushort)(newIdx - _added);
            bool manyAdded = _added >= ushort.MaxValue;
            _added = 0;

            // The published index must be visible before the suppression field is read.
            RingAccess.FullBarrier();
            if (manyAdded)
            {
                return true;
            }

            if (_eventIdx)
            {
                ushort availEvent = _used.ReadUInt16(SplitRingLayout.AvailEventOffset(Size));
                return EventIndex.NeedEvent(availEvent, newIdx, oldIdx);
            }

            return (_used.ReadUInt16(SplitRingLayout.UsedFlagsOffset) & SplitRingLayout.UsedFlagNoNotify) == 0;
        }

        /// <inheritdoc />
        public bool HasUsed() =>
            Error == QueueError.None && _used.ReadUInt16Acquire(SplitRingLayout.UsedIdxOffset) != _lastUsedIdx;

        /// <inheritdoc />
        public bool TryReclaim(out UsedBuffer used, out QueueError error)
        {
            used = default;
            error = Error;
            if (error != QueueError.None)
            {
                return false;
            }

            RingView usedRing = _used.View;
            ushort lastUsedIdx = _lastUsedIdx;
            ushort usedIdx = usedRing.ReadUInt16Acquire(SplitRingLayout.UsedIdxOffset);
            if (usedIdx == lastUsedIdx)
            {
                return false;
            }

            if ((ushort)(usedIdx - lastUsedIdx) > InFlightCount)
            {
                // Nothing after this point in the used ring can be trusted.
                Error = error = QueueError.UsedIndexJump;
                return false;
            }

            // The slot is masked below the Queue Size, inside the used ring mapped at setup (MappedArea).
            int element = SplitRingLayout.UsedSlotOffset(lastUsedIdx & _mask);
            uint id = usedRing.ReadUInt32(element);
            uint length = usedRing.ReadUInt32(element + 4);
            _lastUsedIdx = ++lastUsedIdx;
            if (_eventIdx && _interruptsEnabled)
            {
                // Ask for the next interrupt at the next used entry, as Linux's virtqueue_get_buf does.
                _avail.WriteUInt16(SplitRingLayout.UsedEventOffset(Size), lastUsedIdx);
            }

            ref InFlightChains.Entry chain = ref _chains.Find(id, out error);
            if (error != QueueError.None)
            {
                return false;
            }

            ushort head = (ushort)id;
            FreeDescriptors(head, chain.Slots);
            error = InFlightChains.Complete(ref chain, head, length, out used);
            return error == QueueError.None;
        }

        /// <inheritdoc />
        public void DisableInterrupts()
        {
            _interruptsEnabled = false;
            Span<byte> avail = _avail.Span;
            if (_eventIdx)
            {
                // The flags MUST stay 0 with EVENT_IDX; the best "later" is the index furthest away.
                RingAccess.WriteUInt16(avail, SplitRingLayout.UsedEventOffset(Size), (ushort)(_lastUsedIdx - 1));
            }
            else
            {
                RingAccess.WriteUInt16(avail, SplitRingLayout.AvailFlagsOffset, SplitRingLayout.AvailFlagNoInterrupt);
            }
        }

        /// <inheritdoc />
        public bool EnableInterrupts()
        {
            _interruptsEnabled = true;
            Span<byte> avail = _avail.Span;
            if (_eventIdx)
            {
                RingAccess.WriteUInt16(avail, SplitRingLayout.UsedEventOffset(Size), _lastUsedIdx);
            }
            else
            {
                RingAccess.WriteUInt16(avail, SplitRingLayout.AvailFlagsOffset, 0);
            }

            RingAccess.FullBarrier();
            return HasUsed();
        }

        private static void WriteDescriptor(RingView table, int index, ulong address, uint length, DescriptorFlags flags, ushort next)
        {
            int at = index * SplitRingLayout.DescriptorSize;
            table.WriteUInt64(at + SplitRingLayout.DescriptorAddressOffset, address);
            table.WriteUInt32(at + SplitRingLayout.DescriptorLengthOffset, length);
            table.WriteUInt16(at + SplitRingLayout.DescriptorFlagsOffset, (ushort)flags);
            table.WriteUInt16(at + SplitRingLayout.DescriptorNextOffset, next);
        }

        private static void WriteDescriptor(Span<byte> table, int index, ulong address, uint length, DescriptorFlags flags, ushort next)
        {
            Span<byte> descriptor = table.Slice(index * SplitRingLayout.DescriptorSize, SplitRingLayout.DescriptorSize);
            RingAccess.WriteUInt64(descriptor, SplitRingLayout.DescriptorAddressOffset, address);
            RingAccess.WriteUInt32(descriptor, SplitRingLayout.DescriptorLengthOffset, length);
            RingAccess.WriteUInt16(descriptor, SplitRingLayout.DescriptorFlagsOffset, (ushort)flags);
            RingAccess.WriteUInt16(descriptor, SplitRingLayout.DescriptorNextOffset, next);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void FreeDescriptors(ushort head, int length)
        {
            // Walk the driver's own shadow of the chain (length is the slot count it recorded), never the
            // guest-visible next fields.
            ushort last = head;
            for (int i = 1; i < length; i++)
            {
                last = _next[last];
            }

            _next[last] = _freeHead;
            _freeHead = head;
            FreeCount += length;
            InFlightCount--;
        }
    }
}
