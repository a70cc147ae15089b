using System;
using System.Runtime.CompilerServices;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Queues.Packed
{
    /// <summary>
    /// The device end of a packed virtqueue (virtio 1.4 "Packed Virtqueues"): reads available descriptors from the
    /// descriptor ring, writes used descriptors back into it, reads the Driver Event Suppression structure and
    /// writes the Device Event Suppression structure. It keeps two ring positions, each with its wrap counter
    /// starting at 1: the next slot to take available descriptors from and the next slot to write a used one to.
    /// Every chain is validated in full with the same checks and the same <see cref="QueueError"/> values as the
    /// split ring (spec FF-RING-25); a walk never visits more than Queue Size descriptors. The first malformed
    /// input latches <see cref="Error"/>.
    /// </summary>
    public sealed class PackedQueueDeviceEnd : IDeviceQueue
    {
        private readonly GuestMemory _memory;
        private readonly MappedArea _ring;
        private readonly MappedArea _driverEvent;
        private readonly MappedArea _deviceEvent;
        private readonly bool _eventIdx;
        private readonly bool _indirect;
        private readonly InFlightBufferIds _inFlight = new();
        private PackedRingPosition _nextAvail = PackedRingPosition.Start;
        private PackedRingPosition _nextUsed = PackedRingPosition.Start;
        private int _inFlightSlots;
        private int _usedSinceSignal;
        private bool _notificationsEnabled = true;

        private PackedQueueDeviceEnd(GuestMemory memory, QueueConfiguration config, MappedArea ring, MappedArea driverEvent, MappedArea deviceEvent)
        {
            _memory = memory;
            Size = config.Size;
            _eventIdx = config.EventIdx;
            _indirect = config.IndirectDesc;
            _ring = ring;
            _driverEvent = driverEvent;
            _deviceEvent = deviceEvent;
        }

        /// <inheritdoc />
        public ushort Size { get; }

        /// <inheritdoc />
        public QueueError Error { get; private set; }

        /// <inheritdoc />
        public int InFlightCount { get; private set; }

        /// <summary>The slot the device takes the next available chain from.</summary>
        public int NextAvailOffset => _nextAvail.Offset;

        /// <summary>The device's wrap counter for available descriptors (starts at 1, i.e. true).</summary>
        public bool AvailWrapCounter => _nextAvail.WrapCounter;

        /// <summary>The slot the device writes the next used descriptor to.</summary>
        public int NextUsedOffset => _nextUsed.Offset;

        /// <summary>The device's wrap counter for used descriptors (starts at 1, i.e. true).</summary>
        public bool UsedWrapCounter => _nextUsed.WrapCounter;

        /// <summary>True while the device has not asked the driver to suppress notifications.</summary>
        public bool NotificationsEnabled => _notificationsEnabled;

        /// <summary>
        /// Validates the queue configuration (virtio 1.4 "Packed Virtqueues": size 1 to 32768, descriptor ring
        /// aligned 16 and event structures aligned 4, all inside guest memory) and creates the device end.
        /// </summary>
        public static QueueError TryCreate(GuestMemory memory, QueueConfiguration config, out PackedQueueDeviceEnd? queue)
        {
            ArgumentNullException.ThrowIfNull(memory);

            queue = null;
            QueueError error = PackedRingMapping.TryMap(memory, config, out MappedArea ring, out MappedArea driverEvent, out MappedArea deviceEvent);
            if (error != QueueError.None)
            {
                return error;
            }

            queue = new PackedQueueDeviceEnd(memory, config, ring, driverEvent, deviceEvent);
            return QueueError.None;
        }

        /// <inheritdoc />
        public bool HasAvailable() => Error == QueueError.None && PackedRingLayout.IsAvailable(ReadNextAvailFlags(), _nextAvail.WrapCounter);

        /// <inheritdoc />
        [MethodImpl(MethodImplOptions.NoInlining)]
        public bool TryPop(Span<ChainBuffer> storage, out DescriptorChain chain, out QueueError error)
        {
            // chain is set on each return before the walk, not once up front: the walk sets it too, and a store of
            // the whole chain per pop is worth saving (issue 9).
            error = Error;
            if (error != QueueError.None)
            {
                chain = default;
                return false;
            }

            // The first descriptor's flags are read with acquire: the driver wrote them last, with release, so the
            // rest of the chain is visible once they show it available.
            DescriptorFlags firstFlags = ReadNextAvailFlags();
            if (!PackedRingLayout.IsAvailable(firstFlags, _nextAvail.WrapCounter))
            {
                chain = default;
                return false;
            }

            // Every ring slot the device holds belongs to a chain in flight; a driver cannot make more available.
            if (InFlightCount >= Size || _inFlightSlots >= Size)
            {
                chain = default;
                return Fail(QueueError.TooManyInFlight, out error);
            }

            // The walk builds the chain straight into the caller's out parameter (no intermediate summary); a
            // check after it that refuses the chain resets it to default.
            QueueError walk = PackedChainWalker.Walk(_memory, _ring.View, Size, _nextAvail.Offset, firstFlags, _indirect, storage, out chain);
            if (walk != QueueError.None)
            {
                return Fail(walk, out error);
            }

            ushort descriptorCount = chain.DescriptorCount;
            ushort bufferId = chain.Id;
            if (_inFlightSlots + descriptorCount > Size)
            {
                chain = default;
                return Fail(QueueError.TooManyInFlight, out error);
            }

            if (_inFlight.Contains(bufferId))
            {
                // Two chains in flight with one Buffer ID: their used descriptors could not be told apart.
                chain = default;
                return Fail(QueueError.HeadAlreadyInFlight, out error);
            }

            _nextAvail.Advance(descriptorCount, Size);
            if (_eventIdx && _notificationsEnabled)
            {
                // Re-arm at the next available descriptor, so a device that pops until empty is told of the next
                // chain without calling EnableNotifications again (QEMU re-arms on every pop likewise).
                _deviceEvent.WriteUInt16(PackedRingLayout.EventOffWrapOffset, _nextAvail.OffWrap);
            }

            _inFlight.Add(bufferId);
            _inFlightSlots += descriptorCount;
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

            if (!_inFlight.Contains(chain.Id) || chain.DescriptorCount == 0 || chain.DescriptorCount > _inFlightSlots)
            {
                return QueueError.UsedHeadNotInFlight;
            }

            if (writtenLength > chain.WritableLength)
            {
                return QueueError.UsedLengthTooLarge;
            }

            // One used descriptor per chain, at the next used slot ("Scatter-Gather Support"): id and len first,
            // flags last with release so the driver never sees USED before them. WRITE says len is valid; it is
            // set when bytes were written (len of a used descriptor without WRITE is reserved).
            // The slot is the device's used position, below the Queue Size: inside the ring mapped at setup (MappedArea).
            RingView ring = _ring.View;
            int at = PackedRingLayout.DescriptorOffset(_nextUsed.Offset);
            ring.WriteUInt32(at + PackedRingLayout.DescriptorLengthOffset, writtenLength);
            ring.WriteUInt16(at + PackedRingLayout.DescriptorIdOffset, chain.Id);
            DescriptorFlags flags = PackedRingLayout.UsedFlags(_nextUsed.WrapCounter) | (writtenLength > 0 ? DescriptorFlags.Write : DescriptorFlags.None);
            ring.WriteUInt16Release(at + PackedRingLayout.DescriptorFlagsOffset, (ushort)flags);

            // Both sides skip the whole chain's slots, not one.
            _nextUsed.Advance(chain.DescriptorCount, Size);
            _usedSinceSignal = Math.Min(_usedSinceSignal + chain.DescriptorCount, Size + 1);
            _inFlight.Remove(chain.Id);
            _inFlightSlots -= chain.DescriptorCount;
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

            int moved = _usedSinceSignal;
            _usedSinceSignal = 0;
            if (moved == 0)
            {
                return false;
            }

            // The used descriptors must be visible before the driver's suppression structure is read.
            RingAccess.FullBarrier();
            RingView driverEvent = _driverEvent.View;
            ushort flags = driverEvent.ReadUInt16(PackedRingLayout.EventFlagsOffset);
            ushort offWrap = driverEvent.ReadUInt16(PackedRingLayout.EventOffWrapOffset);
            return PackedEventSuppression.NeedsEvent(flags, offWrap, _eventIdx, Size, _nextUsed.Offset, _nextUsed.WrapCounter, moved);
        }

        /// <inheritdoc />
        public void DisableNotifications()
        {
            _notificationsEnabled = false;
            if (Error == QueueError.None)
            {
                // DISABLE is valid with and without EVENT_IDX (QEMU virtio_queue_packed_set_notification).
                RingAccess.WriteUInt16(_deviceEvent.Span, PackedRingLayout.EventFlagsOffset, PackedRingLayout.EventFlagsDisable);
            }
        }

        /// <inheritdoc />
        public bool EnableNotifications()
        {
            _notificationsEnabled = true;
            if (Error != QueueError.None)
            {
                return false;
            }

            Span<byte> deviceEvent = _deviceEvent.Span;
            if (_eventIdx)
            {
                // As QEMU: the descriptor to be told about is the next available one; off_wrap before flags.
                RingAccess.WriteUInt16(deviceEvent, PackedRingLayout.EventOffWrapOffset, _nextAvail.OffWrap);
                RingAccess.WriteUInt16Release(deviceEvent, PackedRingLayout.EventFlagsOffset, PackedRingLayout.EventFlagsDesc);
            }
            else
            {
                RingAccess.WriteUInt16Release(deviceEvent, PackedRingLayout.EventFlagsOffset, PackedRingLayout.EventFlagsEnable);
            }

            RingAccess.FullBarrier();
            return HasAvailable();
        }

        private DescriptorFlags ReadNextAvailFlags() =>
            (DescriptorFlags)_ring.ReadUInt16Acquire(PackedRingLayout.DescriptorOffset(_nextAvail.Offset) + PackedRingLayout.DescriptorFlagsOffset);

        private bool Fail(QueueError reason, out QueueError error)
        {
            Error = reason;
            error = reason;
            return false;
        }
    }
}
