using System;
using System.Runtime.CompilerServices;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Queues.Packed
{
    /// <summary>
    /// The driver end of a packed virtqueue, shaped like Linux's packed <c>virtio_ring.c</c>: a free list of Buffer
    /// IDs 0 to Queue Size - 1, each chain written in consecutive ring slots with the first descriptor's flags
    /// written last (release), wrap counters starting at 1, notification decided from the Device Event
    /// Suppression structure. Everything it needs to recycle a chain (its slot count, writable space and token) is
    /// kept in its own shadow arrays indexed by Buffer ID, so a hostile device that scribbles on the ring cannot
    /// corrupt the driver's bookkeeping; every used descriptor is checked (id in range, chain in flight, length
    /// within the writable space) before it is trusted (spec FF-RING-16).
    /// </summary>
    public sealed class PackedQueueDriverEnd : IDriverQueue
    {
        private const ushort EndOfList = ushort.MaxValue;

        private readonly GuestMemory _memory;
        private readonly MappedArea _ring;
        private readonly MappedArea _driverEvent;
        private readonly MappedArea _deviceEvent;
        private readonly bool _eventIdx;
        private readonly bool _indirect;
        private readonly ulong _indirectArea;
        private readonly int _indirectEntries;
        private readonly ushort[] _nextFreeId;
        private readonly InFlightChains _chains;
        private ushort _freeHead;
        private PackedRingPosition _nextAvail = PackedRingPosition.Start;
        private PackedRingPosition _lastUsed = PackedRingPosition.Start;
        private int _pendingSlots;
        private int _added;
        private bool _interruptsEnabled = true;

        private PackedQueueDriverEnd(GuestMemory memory, QueueConfiguration config, MappedArea ring, MappedArea driverEvent, MappedArea deviceEvent, ulong indirectArea, int indirectEntries)
        {
            _memory = memory;
            Size = config.Size;
            _eventIdx = config.EventIdx;
            _indirect = config.IndirectDesc && indirectArea != 0 && indirectEntries > 0;
            _indirectArea = indirectArea;
            _indirectEntries = indirectEntries;
            _ring = ring;
            _driverEvent = driverEvent;
            _deviceEvent = deviceEvent;
            _nextFreeId = new ushort[config.Size];
            _chains = new InFlightChains(config.Size);
            for (int i = 0; i < _nextFreeId.Length; i++)
            {
                _nextFreeId[i] = i + 1 < _nextFreeId.Length ? (ushort)(i + 1) : EndOfList;
            }

            FreeCount = config.Size;

            // The driver allocates the ring zeroed ("The ring starts zeroed"): no descriptor looks available to a
            // device whose wrap counter is 1, and both event structures say ENABLE.
            ring.Span.Clear();
            driverEvent.Span.Clear();
            deviceEvent.Span.Clear();
        }

        /// <inheritdoc />
        public ushort Size { get; }

        /// <inheritdoc />
        public int FreeCount { get; private set; }

        /// <inheritdoc />
        public int InFlightCount { get; private set; }

        /// <summary>Set when the device marked used more ring slots than the driver made available; reclaim then stops.</summary>
        public QueueError Error { get; private set; }

        /// <summary>The slot the next chain is written to.</summary>
        public int NextAvailOffset => _nextAvail.Offset;

        /// <summary>The driver's wrap counter for available descriptors (starts at 1, i.e. true).</summary>
        public bool AvailWrapCounter => _nextAvail.WrapCounter;

        /// <summary>The slot the driver expects the next used descriptor in.</summary>
        public int LastUsedOffset => _lastUsed.Offset;

        /// <summary>The driver's wrap counter for used descriptors (starts at 1, i.e. true).</summary>
        public bool UsedWrapCounter => _lastUsed.WrapCounter;

        /// <summary>
        /// Validates the configuration, zeroes the ring memory and creates the driver end. Indirect tables, when
        /// VIRTIO_F_INDIRECT_DESC is negotiated, live at <paramref name="indirectArea"/>: one table of
        /// <paramref name="indirectEntries"/> descriptors per Buffer ID (the convention of the split driver end).
        /// </summary>
        public static QueueError TryCreate(GuestMemory memory, QueueConfiguration config, out PackedQueueDriverEnd? queue, ulong indirectArea = 0, int indirectEntries = 0)
        {
            ArgumentNullException.ThrowIfNull(memory);

            queue = null;
            QueueError error = PackedRingMapping.TryMap(memory, config, out MappedArea ring, out MappedArea driverEvent, out MappedArea deviceEvent);
            if (error != QueueError.None)
            {
                return error;
            }

            error = DriverChainRules.CheckIndirectArea(memory, config, indirectArea, indirectEntries);
            if (error != QueueError.None)
            {
                return error;
            }

            queue = new PackedQueueDriverEnd(memory, config, ring, driverEvent, deviceEvent, indirectArea, indirectEntries);
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
            if (FreeCount < needed || _freeHead == EndOfList)
            {
                return QueueError.QueueFull;
            }

            ushort bufferId = _freeHead;
            _freeHead = _nextFreeId[bufferId];
            if (useIndirect)
            {
                AddIndirect(readable, writable, bufferId, total);
            }
            else
            {
                AddDirect(readable, writable, bufferId, total);
            }

            FreeCount -= needed;
            _pendingSlots += needed;
            _added = Math.Min(_added + needed, Size + 1);
            _chains.Record(bufferId, (ushort)needed, writableTotal, token);
            InFlightCount++;
            id = bufferId;
            return QueueError.None;
        }

        /// <inheritdoc />
        public bool NeedsNotification()
        {
            int moved = _added;
            _added = 0;
            if (moved == 0)
            {
                return false;
            }

            // The descriptors must be visible before the device's suppression structure is read.
            RingAccess.FullBarrier();
            RingView deviceEvent = _deviceEvent.View;
            ushort flags = deviceEvent.ReadUInt16(PackedRingLayout.EventFlagsOffset);
            ushort offWrap = deviceEvent.ReadUInt16(PackedRingLayout.EventOffWrapOffset);
            return PackedEventSuppression.NeedsEvent(flags, offWrap, _eventIdx, Size, _nextAvail.Offset, _nextAvail.WrapCounter, moved);
        }

        /// <inheritdoc />
        public bool HasUsed() => Error == QueueError.None && PackedRingLayout.IsUsed(ReadLastUsedFlags(), _lastUsed.WrapCounter);

        /// <inheritdoc />
        public bool TryReclaim(out UsedBuffer used, out QueueError error)
        {
            used = default;
            error = Error;
            if (error != QueueError.None)
            {
                return false;
            }

            // The flags are read with acquire: the device wrote them last, with release, after id and len. The slot
            // is the driver's used position, below the Queue Size: inside the ring mapped at setup (MappedArea).
            RingView ring = _ring.View;
            int at = PackedRingLayout.DescriptorOffset(_lastUsed.Offset);
            var flags = (DescriptorFlags)ring.ReadUInt16Acquire(at + PackedRingLayout.DescriptorFlagsOffset);
            if (!PackedRingLayout.IsUsed(flags, _lastUsed.WrapCounter))
            {
                return false;
            }

            if (_pendingSlots == 0)
            {
                // A used descriptor where the driver made nothing available: nothing after it can be trusted.
                Error = error = QueueError.UsedIndexJump;
                return false;
            }

            ushort bufferId = ring.ReadUInt16(at + PackedRingLayout.DescriptorIdOffset);

            // "Element Length is reserved for used descriptors without the VIRTQ_DESC_F_WRITE flag, and is ignored
            // by drivers."
            uint length = (flags & DescriptorFlags.Write) != 0 ? ring.ReadUInt32(at + PackedRingLayout.DescriptorLengthOffset) : 0;
            ref InFlightChains.Entry chain = ref _chains.Find(bufferId, out error);
            if (error != QueueError.None)
            {
                // A refused entry has no trustworthy slot count, so only the slot holding it is consumed.
                Consume(1);
                return false;
            }

            // Skip the chain's slots as the driver recorded them, never as the device says.
            int slots = chain.Slots;
            if (slots > _pendingSlots)
            {
                Error = error = QueueError.UsedIndexJump;
                return false;
            }

            Consume(slots);
            FreeChain(bufferId, slots);

            // The chain comes back (the device is done with it) even when its length is refused.
            error = InFlightChains.Complete(ref chain, bufferId, length, out used);
            return error == QueueError.None;
        }

        /// <inheritdoc />
        public void DisableInterrupts()
        {
            _interruptsEnabled = false;
            RingAccess.WriteUInt16(_driverEvent.Span, PackedRingLayout.EventFlagsOffset, PackedRingLayout.EventFlagsDisable);
        }

        /// <inheritdoc />
        public bool EnableInterrupts()
        {
            _interruptsEnabled = true;
            Span<byte> driverEvent = _driverEvent.Span;
            if (_eventIdx)
            {
                // As Linux's virtqueue_enable_cb_prepare_packed: notify me when the next used descriptor appears.
                RingAccess.WriteUInt16(driverEvent, PackedRingLayout.EventOffWrapOffset, _lastUsed.OffWrap);
                RingAccess.WriteUInt16Release(driverEvent, PackedRingLayout.EventFlagsOffset, PackedRingLayout.EventFlagsDesc);
            }
            else
            {
                RingAccess.WriteUInt16Release(driverEvent, PackedRingLayout.EventFlagsOffset, PackedRingLayout.EventFlagsEnable);
            }

            RingAccess.FullBarrier();
            return HasUsed();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void AddDirect(ReadOnlySpan<BufferSpec> readable, ReadOnlySpan<BufferSpec> writable, ushort bufferId, int total)
        {
            // Every position wraps at the Queue Size, so each descriptor lies in the ring mapped at setup (MappedArea).
            RingView ring = _ring.View;
            PackedRingPosition head = _nextAvail;
            PackedRingPosition position = head;
            DescriptorFlags headFlags = DescriptorFlags.None;
            for (int i = 0; i < total; i++)
            {
                bool isWritable = i >= readable.Length;
                BufferSpec buffer = isWritable ? writable[i - readable.Length] : readable[i];
                DescriptorFlags flags = (i + 1 < total ? DescriptorFlags.Next : DescriptorFlags.None)
                    | (isWritable ? DescriptorFlags.Write : DescriptorFlags.None)
                    | PackedRingLayout.AvailableFlags(position.WrapCounter);
                int at = PackedRingLayout.DescriptorOffset(position.Offset);
                WriteBody(ring, at, buffer.Address, buffer.Length, bufferId);
                if (i == 0)
                {
                    headFlags = flags;
                }
                else
                {
                    ring.WriteUInt16(at + PackedRingLayout.DescriptorFlagsOffset, (ushort)flags);
                }

                position.Advance(1, Size);
            }

            // The first descriptor's flags last, with release: the device must see the whole chain once it sees
            // the head available ("Scatter-Gather Support").
            ring.WriteUInt16Release(PackedRingLayout.DescriptorOffset(head.Offset) + PackedRingLayout.DescriptorFlagsOffset, (ushort)headFlags);
            _nextAvail = position;
        }

        private void AddIndirect(ReadOnlySpan<BufferSpec> readable, ReadOnlySpan<BufferSpec> writable, ushort bufferId, int total)
        {
            // Only WRITE is valid inside a packed indirect table; the entries follow each other without NEXT.
            ulong tableAddress = _indirectArea + ((ulong)bufferId * (ulong)_indirectEntries * PackedRingLayout.DescriptorSize);
            _memory.TryGetSpan(tableAddress, total * PackedRingLayout.DescriptorSize, out Span<byte> table);
            for (int i = 0; i < total; i++)
            {
                bool isWritable = i >= readable.Length;
                BufferSpec buffer = isWritable ? writable[i - readable.Length] : readable[i];
                int at = PackedRingLayout.DescriptorOffset(i);
                WriteBody(table, at, buffer.Address, buffer.Length, 0);
                RingAccess.WriteUInt16(table, at + PackedRingLayout.DescriptorFlagsOffset, (ushort)(isWritable ? DescriptorFlags.Write : DescriptorFlags.None));
            }

            RingView ring = _ring.View;
            int slot = PackedRingLayout.DescriptorOffset(_nextAvail.Offset);
            WriteBody(ring, slot, tableAddress, (uint)(total * PackedRingLayout.DescriptorSize), bufferId);
            DescriptorFlags flags = DescriptorFlags.Indirect | PackedRingLayout.AvailableFlags(_nextAvail.WrapCounter);
            ring.WriteUInt16Release(slot + PackedRingLayout.DescriptorFlagsOffset, (ushort)flags);
            _nextAvail.Advance(1, Size);
        }

        private static void WriteBody(RingView ring, int at, ulong address, uint length, ushort bufferId)
        {
            ring.WriteUInt64(at + PackedRingLayout.DescriptorAddressOffset, address);
            ring.WriteUInt32(at + PackedRingLayout.DescriptorLengthOffset, length);
            ring.WriteUInt16(at + PackedRingLayout.DescriptorIdOffset, bufferId);
        }

        private static void WriteBody(Span<byte> table, int at, ulong address, uint length, ushort bufferId)
        {
            Span<byte> descriptor = table.Slice(at, PackedRingLayout.DescriptorSize);
            RingAccess.WriteUInt64(descriptor, PackedRingLayout.DescriptorAddressOffset, address);
            RingAccess.WriteUInt32(descriptor, PackedRingLayout.DescriptorLengthOffset, length);
            RingAccess.WriteUInt16(descriptor, PackedRingLayout.DescriptorIdOffset, bufferId);
        }

        private DescriptorFlags ReadLastUsedFlags() =>
            (DescriptorFlags)_ring.ReadUInt16Acquire(PackedRingLayout.DescriptorOffset(_lastUsed.Offset) + PackedRingLayout.DescriptorFlagsOffset);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Consume(int slots)
        {
            _lastUsed.Advance(slots, Size);
            _pendingSlots -= slots;
            if (_eventIdx && _interruptsEnabled)
            {
                // Ask for the next interrupt at the next used descriptor, as Linux's virtqueue_get_buf_ctx_packed
                // does when its event flags are DESC.
                _driverEvent.WriteUInt16(PackedRingLayout.EventOffWrapOffset, _lastUsed.OffWrap);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void FreeChain(ushort bufferId, int slots)
        {
            FreeCount += slots;
            _nextFreeId[bufferId] = _freeHead;
            _freeHead = bufferId;
            InFlightCount--;
        }
    }
}
