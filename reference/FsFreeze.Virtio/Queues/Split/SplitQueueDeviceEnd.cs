using System;
using System.Runtime.CompilerServices;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Queues.Split
{
    /// <summary>
    /// The device end of a split virtqueue (virtio 1.4 "Split Virtqueues"): reads the available ring and the
    /// descriptor table, writes the used ring. Every chain is validated in full before the device sees it, with
    /// the checks of the spec and of QEMU's <c>virtqueue_pop</c>; a walk is bounded by a time-to-live so a loop in
    /// guest memory can never hang it. The first malformed input latches <see cref="Error"/>.
    /// </summary>
    public sealed class SplitQueueDeviceEnd : IDeviceQueue
    {
        private readonly GuestMemory _memory;
        private readonly MappedArea _descriptors;
        private readonly MappedArea _avail;
        private readonly MappedArea _used;
        private readonly ushort _mask;
        private readonly bool _eventIdx;
        private readonly bool _indirect;
        private readonly bool[] _inFlight;
        private ushort _lastAvailIdx;
        private ushort _shadowAvailIdx;
        private ushort _usedIdx;
        private ushort _signalledUsedIdx;
        private bool _notificationsEnabled = true;

        private SplitQueueDeviceEnd(GuestMemory memory, QueueConfiguration config, MappedArea descriptors, MappedArea avail, MappedArea used, ushort startAvailIdx, ushort startUsedIdx)
        {
            _memory = memory;
            Size = config.Size;
            _mask = (ushort)(config.Size - 1);
            _eventIdx = config.EventIdx;
            _indirect = config.IndirectDesc;
            _descriptors = descriptors;
            _avail = avail;
            _used = used;
            _inFlight = new bool[config.Size];
            _lastAvailIdx = startAvailIdx;
            _shadowAvailIdx = startAvailIdx;
            _usedIdx = startUsedIdx;
            _signalledUsedIdx = startUsedIdx;
        }

        /// <inheritdoc />
        public ushort Size { get; }

        /// <inheritdoc />
        public QueueError Error { get; private set; }

        /// <inheritdoc />
        public int InFlightCount { get; private set; }

        /// <summary>The device's next index into the available ring (QEMU's last_avail_idx).</summary>
        public ushort LastAvailIndex => _lastAvailIdx;

        /// <summary>The device's used index (the value last published in used.idx).</summary>
        public ushort UsedIndex => _usedIdx;

        /// <summary>
        /// Validates the queue configuration (virtio 1.4 "Virtqueue Layout": power-of-two size up to 32768; areas
        /// aligned 16, 2 and 4 and inside guest memory) and creates the device end.
        /// </summary>
        public static QueueError TryCreate(GuestMemory memory, QueueConfiguration config, out SplitQueueDeviceEnd? queue) =>
            TryCreate(memory, config, 0, 0, out queue);

        /// <summary>As <see cref="TryCreate(GuestMemory, QueueConfiguration, out SplitQueueDeviceEnd)"/>, resuming at given indices (vhost-user SET_VRING_BASE).</summary>
        public static QueueError TryCreate(GuestMemory memory, QueueConfiguration config, ushort startAvailIdx, ushort startUsedIdx, out SplitQueueDeviceEnd? queue)
        {
            ArgumentNullException.ThrowIfNull(memory);

            queue = null;
            QueueError error = SplitRingMapping.TryMap(memory, config, out MappedArea descriptors, out MappedArea avail, out MappedArea used);
            if (error != QueueError.None)
            {
                return error;
            }

            queue = new SplitQueueDeviceEnd(memory, config, descriptors, avail, used, startAvailIdx, startUsedIdx);
            return QueueError.None;
        }

        /// <inheritdoc />
        public bool HasAvailable()
        {
            if (Error != QueueError.None)
            {
                return false;
            }

            _shadowAvailIdx = _avail.ReadUInt16Acquire(SplitRingLayout.AvailIdxOffset);
            return _shadowAvailIdx != _lastAvailIdx;
        }

        /// <inheritdoc />
        [MethodImpl(MethodImplOptions.NoInlining)]
        public bool TryPop(Span<ChainBuffer> storage, out DescriptorChain chain, out QueueError error)
        {
            chain = default;
            error = Error;
            if (error != QueueError.None)
            {
                return false;
            }

            // Fields in locals: the stores into ring memory below would make the JIT reload them otherwise.
            ushort size = Size;
            ushort lastAvailIdx = _lastAvailIdx;
            ushort shadowAvailIdx = _shadowAvailIdx;
            if (shadowAvailIdx == lastAvailIdx)
            {
                _shadowAvailIdx = shadowAvailIdx = _avail.ReadUInt16Acquire(SplitRingLayout.AvailIdxOffset);
                if (shadowAvailIdx == lastAvailIdx)
                {
                    return false;
                }
            }

            // "Guest moved used index from %u to %u" in QEMU: more entries than the ring holds cannot be real.
            if ((ushort)(shadowAvailIdx - lastAvailIdx) > size)
            {
                return Fail(QueueError.AvailableIndexJump, out error);
            }

            if (InFlightCount >= size)
            {
                return Fail(QueueError.TooManyInFlight, out error);
            }

            // The slot is masked below the Queue Size, inside the available ring mapped at setup (MappedArea).
            ushort head = _avail.ReadUInt16(SplitRingLayout.AvailSlotOffset(lastAvailIdx & _mask));
            if (head >= size)
            {
                return Fail(QueueError.HeadIndexOutOfRange, out error);
            }

            bool[] inFlight = _inFlight;
            if (inFlight[head])
            {
                // The driver made available a head the device still holds: two chains would share descriptors.
                return Fail(QueueError.HeadAlreadyInFlight, out error);
            }

            QueueError walk = ChainWalker.WalkSplit(_memory, _descriptors.View, size, head, _indirect, storage, out chain);
            if (walk != QueueError.None)
            {
                return Fail(walk, out error);
            }

            _lastAvailIdx = ++lastAvailIdx;
            if (_eventIdx && _notificationsEnabled)
            {
                // Ask to be told of the next entry after those consumed (QEMU's virtqueue_split_pop does the same),
                // so a device that pops until empty never misses the next chain.
                _used.WriteUInt16(SplitRingLayout.AvailEventOffset(size), lastAvailIdx);
            }

            inFlight[head] = true;
            InFlightCount++;
            return true;
        }

        /// <inheritdoc />
        public QueueError PushUsed(ChainToken chain, uint writtenLength)
        {
            if (Error != QueueError.None)
            {
                return Error;
            }

            bool[] inFlight = _inFlight;
            ushort id = chain.Id;
            if (id >= inFlight.Length || !inFlight[id])
            {
                return QueueError.UsedHeadNotInFlight;
            }

            if (writtenLength > chain.WritableLength)
            {
                return QueueError.UsedLengthTooLarge;
            }

            // Element first, then idx with release: the driver must never see the index before the element.
            // The slot is masked below the Queue Size, inside the used ring mapped at setup (MappedArea).
            ushort usedIdx = _usedIdx;
            RingView used = _used.View;
            int element = SplitRingLayout.UsedSlotOffset(usedIdx & _mask);
            used.WriteUInt32(element, id);
            used.WriteUInt32(element + 4, writtenLength);
            _usedIdx = ++usedIdx;
            used.WriteUInt16Release(SplitRingLayout.UsedIdxOffset, usedIdx);
            inFlight[id] = false;
            InFlightCount--;
            return QueueError.None;
        }

        /// <inheritdoc />
        public bool NeedsInterrupt()
        {
            if (Error != QueueError.None)
            {
                return false;
            }

            ushort oldIdx = _signalledUsedIdx;
            ushort newIdx = _usedIdx;
            _signalledUsedIdx = newIdx;
            if (oldIdx == newIdx)
            {
                return false;
            }

            // The used index must be visible before the suppression field is read, or an interrupt is lost.
            RingAccess.FullBarrier();
            if (_eventIdx)
            {
                ushort usedEvent = _avail.ReadUInt16(SplitRingLayout.UsedEventOffset(Size));
                return EventIndex.NeedEvent(usedEvent, newIdx, oldIdx);
            }

            return (_avail.ReadUInt16(SplitRingLayout.AvailFlagsOffset) & SplitRingLayout.AvailFlagNoInterrupt) == 0;
        }

        /// <inheritdoc />
        public void DisableNotifications()
        {
            _notificationsEnabled = false;
            if (Error == QueueError.None && !_eventIdx)
            {
                RingAccess.WriteUInt16(_used.Span, SplitRingLayout.UsedFlagsOffset, SplitRingLayout.UsedFlagNoNotify);
            }

            // With EVENT_IDX the used flags stay 0 (the writer MUST set them to 0) and avail_event is left behind.
        }

        /// <inheritdoc />
        public bool EnableNotifications()
        {
            _notificationsEnabled = true;
            if (Error != QueueError.None)
            {
                return false;
            }

            Span<byte> used = _used.Span;
            if (_eventIdx)
            {
                ushort availIdx = RingAccess.ReadUInt16Acquire(_avail.Span, SplitRingLayout.AvailIdxOffset);
                RingAccess.WriteUInt16(used, SplitRingLayout.AvailEventOffset(Size), availIdx);
            }
            else
            {
                RingAccess.WriteUInt16(used, SplitRingLayout.UsedFlagsOffset, 0);
            }

            RingAccess.FullBarrier();
            return HasAvailable();
        }

        /// <summary>True while the device has not asked the driver to suppress notifications.</summary>
        public bool NotificationsEnabled => _notificationsEnabled;

        private bool Fail(QueueError reason, out QueueError error)
        {
            Error = reason;
            error = reason;
            return false;
        }
    }
}
