using FsCheck;
using FsCheck.Fluent;
using FsFreeze.Virtio.Common;

namespace FsFreeze.Virtio.Tests.Queues
{
    public sealed class EventIndexTests
    {
        // The spec's example: with used_event 0 the device notifies after the first buffer (new index 1)...
        [TestCase((ushort)0, (ushort)1, (ushort)0, true)]
        // ...and not again until the index reaches 0 once more, 65536 buffers later.
        [TestCase((ushort)0, (ushort)2, (ushort)1, false)]
        [TestCase((ushort)0, (ushort)0, (ushort)65535, false)]
        [TestCase((ushort)65535, (ushort)0, (ushort)65535, true)]
        [TestCase((ushort)5, (ushort)10, (ushort)0, true)]
        [TestCase((ushort)10, (ushort)10, (ushort)0, false)]
        [TestCase((ushort)9, (ushort)10, (ushort)9, true)]
        [TestCase((ushort)3, (ushort)3, (ushort)3, false)]
        public void NeedEvent_KnownCases(ushort eventIndex, ushort newIndex, ushort oldIndex, bool expected) =>
            Assert.That(EventIndex.NeedEvent(eventIndex, newIndex, oldIndex), Is.EqualTo(expected));

        [Property(MaxTest = 2000, Replay = "(12345, 12347)")]
        public bool NeedEvent_IsTrueExactlyWhenEventLiesInTheWindow(ushort eventIndex, ushort oldIndex, ushort step)
        {
            // The entries published are old .. new-1: the event is crossed iff one of them is the entry numbered event.
            ushort newIndex = (ushort)(oldIndex + step);
            bool crossed = false;
            for (int i = 0; i < step; i++)
            {
                crossed |= (ushort)(oldIndex + i) == eventIndex;
            }

            return EventIndex.NeedEvent(eventIndex, newIndex, oldIndex) == crossed;
        }
    }
}
