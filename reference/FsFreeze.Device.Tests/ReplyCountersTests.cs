using System;
using System.Collections.Generic;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol.Replies;

namespace FsFreeze.Device.Tests
{
    /// <summary>
    /// <see cref="ReplyCounters.FromReport"/>, which rebuilds a remote device's counters (the vhost-user adapter):
    /// every field is carried, reasons outside the enumeration are dropped rather than thrown on.
    /// </summary>
    public sealed class ReplyCountersTests
    {
        [Test]
        public void FromReport_CarriesEveryCount_AndDropsUnknownReasons()
        {
            var ignored = new Dictionary<ReplyIgnoredReason, long>
            {
                [ReplyIgnoredReason.TooShort] = 3,
                [ReplyIgnoredReason.UnknownRequestId] = 4,
                [(ReplyIgnoredReason)(-1)] = 100,
                [(ReplyIgnoredReason)10_000] = 100,
                [(ReplyIgnoredReason)Enum.GetValues<ReplyIgnoredReason>().Length] = 100,
                [ReplyIgnoredReason.None] = 2,
            };
            ReplyCounters counters = ReplyCounters.FromReport(1, 2, 5, 6, 7, ignored);
            Assert.Multiple(() =>
            {
                Assert.That(counters.ChainsConsumed, Is.EqualTo(1));
                Assert.That(counters.RepliesAccepted, Is.EqualTo(2));
                Assert.That(counters.EventsAccepted, Is.EqualTo(5));
                Assert.That(counters.ProtocolErrors, Is.EqualTo(6));
                Assert.That(counters.RequestsSent, Is.EqualTo(7));
                Assert.That(counters.Ignored(ReplyIgnoredReason.TooShort), Is.EqualTo(3));
                Assert.That(counters.Ignored(ReplyIgnoredReason.UnknownRequestId), Is.EqualTo(4));
                Assert.That(counters.Ignored((ReplyIgnoredReason)(-1)), Is.Zero);
                Assert.That(counters.Ignored((ReplyIgnoredReason)10_000), Is.Zero);
                Assert.That(counters.Ignored(ReplyIgnoredReason.None), Is.EqualTo(2), "the first reason is carried too");
                Assert.That(counters.Ignored((ReplyIgnoredReason)Enum.GetValues<ReplyIgnoredReason>().Length), Is.Zero, "one past the last reason");
                Assert.That(counters.IgnoredTotal, Is.EqualTo(9));
                Assert.That(() => ReplyCounters.FromReport(0, 0, 0, 0, 0, null!), Throws.ArgumentNullException);
            });
        }
    }
}
