using System.Linq;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.Protocol
{
    /// <summary>Field-by-field comparison of decoded messages, naming the field that differs.</summary>
    public static class ProtocolAssert
    {
        /// <summary>Every field of <paramref name="actual"/>, selectors included, equals <paramref name="expected"/>'s.</summary>
        public static void SameRequest(FsFreezeRequest expected, FsFreezeRequest actual)
        {
            Assert.Multiple(() =>
            {
                Assert.That(actual.Type, Is.EqualTo(expected.Type), "type");
                Assert.That(actual.Flags, Is.EqualTo(expected.Flags), "flags");
                Assert.That(actual.RequestId, Is.EqualTo(expected.RequestId), "request_id");
                Assert.That(actual.DeadlineMs, Is.EqualTo(expected.DeadlineMs), "deadline_ms");
                Assert.That(actual.NoticeMs, Is.EqualTo(expected.NoticeMs), "notice_ms");
                Assert.That(actual.SelectorCount, Is.EqualTo(expected.SelectorCount), "selector_count");
            });
            for (int i = 0; i < expected.SelectorCount; i++)
            {
                Selector e = expected.Selectors[i];
                Selector a = actual.Selectors[i];
                Assert.Multiple(() =>
                {
                    Assert.That(a.Kind, Is.EqualTo(e.Kind), $"selector {i} kind");
                    Assert.That(a.Payload.ToArray(), Is.EqualTo(e.Payload.ToArray()), $"selector {i} payload");
                    Assert.That(a.Major, Is.EqualTo(e.Major), $"selector {i} major");
                    Assert.That(a.Minor, Is.EqualTo(e.Minor), $"selector {i} minor");
                    Assert.That(a.Path, Is.EqualTo(e.Path), $"selector {i} path");
                });
            }
        }

        /// <summary>Every field of <paramref name="actual"/>, entries included, equals <paramref name="expected"/>'s.</summary>
        public static void SameReply(FsFreezeReply expected, FsFreezeReply actual)
        {
            Assert.Multiple(() =>
            {
                Assert.That(actual.Type, Is.EqualTo(expected.Type), "type");
                Assert.That(actual.Status, Is.EqualTo(expected.Status), "status");
                Assert.That(actual.RequestId, Is.EqualTo(expected.RequestId), "request_id");
                Assert.That(actual.State, Is.EqualTo(expected.State), "state");
                Assert.That(actual.FrozenCount, Is.EqualTo(expected.FrozenCount), "frozen_count");
                Assert.That(actual.ThawedCount, Is.EqualTo(expected.ThawedCount), "thawed_count");
                Assert.That(actual.SkippedCount, Is.EqualTo(expected.SkippedCount), "skipped_count");
                Assert.That(actual.FailedCount, Is.EqualTo(expected.FailedCount), "failed_count");
                Assert.That(actual.EntryCount, Is.EqualTo(expected.EntryCount), "entry_count");
                Assert.That(actual.RemainingMs, Is.EqualTo(expected.RemainingMs), "remaining_ms");
                Assert.That(actual.Event, Is.EqualTo(expected.Event), "event");
                Assert.That(actual.NoticeLate, Is.EqualTo(expected.NoticeLate), "notice_late");
                Assert.That(actual.Reserved, Is.EqualTo(expected.Reserved), "reserved");
            });
            Assert.That(
                actual.Entries.Select(e => (e.DevMajor, e.DevMinor, e.Result, e.Flags, e.Error, e.FsType)),
                Is.EqualTo(expected.Entries.Select(e => (e.DevMajor, e.DevMinor, e.Result, e.Flags, e.Error, e.FsType))),
                "entries");
        }
    }
}
