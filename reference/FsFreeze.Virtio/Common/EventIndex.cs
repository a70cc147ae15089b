using System.Runtime.CompilerServices;

namespace FsFreeze.Virtio.Common
{
    /// <summary>
    /// The event-index notification test, virtio 1.4 "Used Buffer Notification Suppression" and Linux's
    /// <c>vring_need_event</c> in &lt;linux/virtio_ring.h&gt;.
    /// </summary>
    public static class EventIndex
    {
        /// <summary>
        /// True when moving an index from <paramref name="oldIndex"/> to <paramref name="newIndex"/> publishes the
        /// entry numbered <paramref name="eventIndex"/>: the event lies in [old, new), in u16 arithmetic. So with
        /// used_event 0 the first buffer (index 0 to 1) notifies, as the spec's example says.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool NeedEvent(ushort eventIndex, ushort newIndex, ushort oldIndex) =>
            (ushort)(newIndex - eventIndex - 1) < (ushort)(newIndex - oldIndex);
    }
}
