using FsFreeze.Conformance.Framework;
using FsFreeze.Protocol;
using FsFreeze.Systems;

namespace FsFreeze.Conformance.EndToEnd
{
    /// <summary>
    /// One host FREEZE, request to consumed reply, in a whole simulated VM, with and without VIRTIO_F_EVENT_IDX, on
    /// split and on packed rings: event suppression may only save notifications and interrupts, never add any,
    /// and never lose the one the exchange needs (<c>make bench</c> writes the same counts to bench/RESULTS.md).
    /// </summary>
    public sealed class NotificationCountTests
    {
        [TestCase(false)]
        [TestCase(true)]
        [Requirement("FF-RING-17")]
        [Requirement("FF-RING-18")]
        [Requirement("FF-RING-24")]
        public void WithEventIdx_AFreezeNeverCostsMoreNotificationsOrInterrupts_AndStillCompletes(bool packed)
        {
            NotificationCount without = NotificationCount.Measure(packed, eventIdx: false);
            NotificationCount with = NotificationCount.Measure(packed, eventIdx: true);
            TestContext.Out.WriteLine($"packed={packed}: without EVENT_IDX {without.Notifications} notifications, {without.Interrupts} interrupts; with {with.Notifications}, {with.Interrupts}");
            Assert.Multiple(() =>
            {
                Assert.That(without.Status, Is.EqualTo(ReplyStatus.Ok), "without EVENT_IDX");
                Assert.That(with.Status, Is.EqualTo(ReplyStatus.Ok), "with EVENT_IDX");

                // The request reaches the driver by an interrupt and the reply reaches the device by a notification:
                // a count of zero would mean the exchange completed by polling, which neither side does.
                Assert.That(with.Interrupts, Is.GreaterThanOrEqualTo(1));
                Assert.That(with.Notifications, Is.GreaterThanOrEqualTo(1));
                Assert.That(with.Notifications, Is.LessThanOrEqualTo(without.Notifications));
                Assert.That(with.Interrupts, Is.LessThanOrEqualTo(without.Interrupts));
            });
        }
    }
}
