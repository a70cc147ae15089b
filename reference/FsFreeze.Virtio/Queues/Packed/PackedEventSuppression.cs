using FsFreeze.Virtio.Common;

namespace FsFreeze.Virtio.Queues.Packed
{
    /// <summary>
    /// The packed notification decision, virtio 1.4 "Event Suppression Structure Format" (spec FF-RING-24), shared
    /// by both ends: the driver reads the Device Area before an available-buffer notification (Linux
    /// <c>virtqueue_kick_prepare_packed</c>), the device reads the Driver Area before a used-buffer notification
    /// (QEMU <c>virtio_packed_should_notify</c>).
    /// </summary>
    internal static class PackedEventSuppression
    {
        /// <summary>
        /// True when the other side asked to be notified of a move of <paramref name="moved"/> slots that ended at
        /// ring offset <paramref name="newOffset"/> with wrap counter <paramref name="newWrap"/>.
        /// </summary>
        /// <remarks>
        /// ENABLE asks for every notification and DISABLE for none. DESC (valid only with VIRTIO_F_EVENT_IDX)
        /// names one descriptor by <c>off_wrap</c>; positions are made linear for <c>vring_need_event</c> by taking
        /// the old position as <c>new - moved</c> (negative in u16 when the move crossed the ring's end) and moving
        /// an event offset of the previous lap (its wrap bit differs) down by Queue Size, as Linux does. A move of
        /// more than a lap has certainly passed any offset. DESC without EVENT_IDX, and the reserved value 3, are
        /// answered with a notification: a spurious one is harmless (both sides MUST tolerate them), a lost one
        /// hangs the ring.
        /// </remarks>
        public static bool NeedsEvent(ushort flags, ushort offWrap, bool eventIdx, int queueSize, int newOffset, bool newWrap, int moved)
        {
            if (moved <= 0)
            {
                return false;
            }

            if (flags != PackedRingLayout.EventFlagsDesc || !eventIdx)
            {
                return flags != PackedRingLayout.EventFlagsDisable;
            }

            if (moved > queueSize)
            {
                return true;
            }

            ushort eventOffset = (ushort)(offWrap & PackedRingLayout.OffWrapOffsetMask);
            bool eventWrap = (offWrap >> PackedRingLayout.OffWrapWrapShift) != 0;
            if (eventWrap != newWrap)
            {
                eventOffset = (ushort)(eventOffset - queueSize);
            }

            ushort newIndex = (ushort)newOffset;
            ushort oldIndex = (ushort)(newOffset - moved);
            return EventIndex.NeedEvent(eventOffset, newIndex, oldIndex);
        }
    }
}
