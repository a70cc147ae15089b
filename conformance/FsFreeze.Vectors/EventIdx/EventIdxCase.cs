using System.Globalization;
using FsFreeze.Virtio.Common;

namespace FsFreeze.Vectors.EventIdx
{
    /// <summary>One <c>vring_need_event(event, new, old)</c> case and the group it was chosen for.</summary>
    /// <param name="Event">The event index (used_event or avail_event).</param>
    /// <param name="New">The index after the move.</param>
    /// <param name="Old">The index before the move.</param>
    /// <param name="Kind">Why the case exists: "edge", "window", "wrap-window" or "random".</param>
    internal sealed record EventIdxCase(ushort Event, ushort New, ushort Old, string Kind)
    {
        /// <summary>Stable id derived from the three indices, so regeneration never renumbers.</summary>
        internal string Id => string.Create(CultureInfo.InvariantCulture, $"event-{Event}-new-{New}-old-{Old}");

        /// <summary>The expected result, from the model.</summary>
        internal bool NeedEvent => EventIndex.NeedEvent(Event, New, Old);
    }
}
