using System;
using System.Linq;
using FsFreeze.Conformance.Framework;
using FsFreeze.Conformance.Protocol.Cases;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;

namespace FsFreeze.Conformance.Protocol
{
    /// <summary>
    /// The device's validation of replyq messages (FF-DEV-11: ignored, FF-DEV-12: protocol error, FF-DEV-13:
    /// events), one test per case of <see cref="ReplyCases"/>.
    /// </summary>
    public sealed class ReplyValidationTests
    {
        private static void Check(ReplyCase testCase)
        {
            ReplyVerdict verdict = ReplyValidation.Validate(testCase.Bytes, testCase.Features, testCase.MaxEntries, testCase.Awaited);
            Assert.Multiple(() =>
            {
                Assert.That(verdict.Kind, Is.EqualTo(testCase.ExpectedKind), verdict.ToString());
                Assert.That(verdict.IgnoredReason, Is.EqualTo(testCase.ExpectedIgnoredReason), verdict.ToString());
                Assert.That(verdict.Problem, Is.EqualTo(testCase.ExpectedProblem), verdict.ToString());
                if (verdict.Kind == ReplyVerdictKind.ProtocolError)
                {
                    bool awaited = testCase.Awaited.TryMatch(verdict.RequestId, out RequestType type) && type == verdict.RequestType;
                    Assert.That(awaited, Is.True, "a protocol error completes an awaited request");
                }

                if (verdict.IsAccepted)
                {
                    Assert.That(verdict.Reply.ToArray(), Is.EqualTo(testCase.Bytes.AsSpan(0, verdict.Reply.EncodedLength).ToArray()), "an accepted reply re-encodes to its bytes");
                }
            });
        }

        [Test]
        public void Table_CoversEveryReasonAndProblem()
        {
            Assert.Multiple(() =>
            {
                Assert.That(Enum.GetValues<ReplyIgnoredReason>().Except(ReplyCases.All.Select(c => c.ExpectedIgnoredReason)), Is.Empty, "every ignore reason has a case");
                Assert.That(Enum.GetValues<ReplyProblem>().Except(ReplyCases.All.Select(c => c.ExpectedProblem)), Is.Empty, "every protocol error has a case");
                Assert.That(ReplyCases.All.Select(c => c.Name), Is.Unique);
            });
        }

        [Test]
        [Requirement("FF-DEV-11")]
        public void TooShort() => Check(ReplyCases.TooShort);

        [Test]
        [Requirement("FF-DEV-11")]
        public void Empty() => Check(ReplyCases.Empty);

        [Test]
        [Requirement("FF-DEV-11")]
        public void UnknownRequestId() => Check(ReplyCases.UnknownRequestId);

        [Test]
        [Requirement("FF-DEV-11")]
        public void RequestIdZero() => Check(ReplyCases.RequestIdZero);

        [Test]
        [Requirement("FF-DEV-11")]
        public void TypeMismatch() => Check(ReplyCases.TypeMismatch);

        [Test]
        [Requirement("FF-DEV-11")]
        public void FreezeTypeForStatusId() => Check(ReplyCases.FreezeTypeForStatusId);

        [Test]
        [Requirement("FF-DEV-11")]
        public void UnknownTypeForAwaitedId() => Check(ReplyCases.UnknownTypeForAwaitedId);

        [Test]
        [Requirement("FF-DEV-13")]
        public void EventWithoutEvents() => Check(ReplyCases.EventWithoutEvents);

        [Test]
        [Requirement("FF-DEV-13")]
        public void EventWithRequestId() => Check(ReplyCases.EventWithRequestId);

        [Test]
        [Requirement("FF-DEV-13")]
        public void EventUnknownCode() => Check(ReplyCases.EventUnknownCode);

        [Test]
        [Requirement("FF-DEV-13")]
        public void EventCodeZero() => Check(ReplyCases.EventCodeZero);

        [Test]
        [Requirement("FF-DEV-13")]
        public void EventReservedNonZero() => Check(ReplyCases.EventReservedNonZero);

        [Test]
        [Requirement("FF-DEV-13")]
        public void EventEntriesContradictCounts() => Check(ReplyCases.EventEntriesContradictCounts);

        [Test]
        [Requirement("FF-DEV-13")]
        public void EventAutoThawed() => Check(ReplyCases.EventAutoThawed);

        [Test]
        [Requirement("FF-DEV-13")]
        public void EventThawedOnRemove() => Check(ReplyCases.EventThawedOnRemove);

        [Test]
        [Requirement("FF-DEV-12")]
        public void UnknownStatus() => Check(ReplyCases.UnknownStatus);

        [Test]
        [Requirement("FF-DEV-12")]
        public void UnknownState() => Check(ReplyCases.UnknownState);

        [Test]
        [Requirement("FF-DEV-12")]
        public void EntryCountAboveMax() => Check(ReplyCases.EntryCountAboveMax);

        [Test]
        [Requirement("FF-DEV-12")]
        public void EntriesBeyondBuffer() => Check(ReplyCases.EntriesBeyondBuffer);

        [Test]
        [Requirement("FF-DEV-12")]
        public void EntryCountHuge() => Check(ReplyCases.EntryCountHuge);

        [Test]
        [Requirement("FF-DEV-12")]
        public void EntriesWithoutSbDetail() => Check(ReplyCases.EntriesWithoutSbDetail);

        [Test]
        [Requirement("FF-DEV-12")]
        public void EntriesAboveCount() => Check(ReplyCases.EntriesAboveCount);

        [Test]
        [Requirement("FF-DEV-12")]
        public void EntriesBelowCountInCompleteList() => Check(ReplyCases.EntriesBelowCountInCompleteList);

        [Test]
        [Requirement("FF-DEV-12")]
        public void NoEntriesWithSbDetail() => Check(ReplyCases.NoEntriesWithSbDetail);

        [Test]
        [Requirement("FF-DEV-12")]
        public void ReservedNonZero() => Check(ReplyCases.ReservedNonZero);

        [Test]
        [Requirement("FF-DEV-12")]
        public void OkFreezeWithFailures() => Check(ReplyCases.OkFreezeWithFailures);

        [Test]
        [Requirement("FF-DEV-12")]
        public void FailedFreezeWithFrozen() => Check(ReplyCases.FailedFreezeWithFrozen);

        [Test]
        [Requirement("FF-DEV-12")]
        public void NoticeLateWithoutAppNotice() => Check(ReplyCases.NoticeLateWithoutAppNotice);

        [Test]
        [Requirement("FF-DEV-12")]
        public void EventFieldInAReply() => Check(ReplyCases.EventFieldInAReply);

        [Test]
        [Requirement("FF-DEV-12")]
        public void UnknownEntryResult() => Check(ReplyCases.UnknownEntryResult);

        [Test]
        [Requirement("FF-DEV-12")]
        public void UnknownEntryFlags() => Check(ReplyCases.UnknownEntryFlags);

        [Test]
        [Requirement("FF-DEV-12")]
        public void ErrnoOnAFrozenEntry() => Check(ReplyCases.ErrnoOnAFrozenEntry);

        [Test]
        [Requirement("FF-DEV-12")]
        public void FailedEntryWithoutErrno() => Check(ReplyCases.FailedEntryWithoutErrno);

        [Test]
        [Requirement("FF-DEV-12")]
        public void FsTypeNotNulPadded() => Check(ReplyCases.FsTypeNotNulPadded);

        [Test]
        [Requirement("FF-DEV-12")]
        public void OkFreezeWithEntries() => Check(ReplyCases.OkFreezeWithEntries);

        [Test]
        [Requirement("FF-DEV-11")]
        public void StatusWhileFreezeAwaits() => Check(ReplyCases.StatusWhileFreezeAwaits);

        [Test]
        [Requirement("FF-DEV-12")]
        public void TruncatedListAtMaxEntries() => Check(ReplyCases.TruncatedListAtMaxEntries);

        [Test]
        [Requirement("FF-DEV-12")]
        public void FailedThawKeepsItsFrozen() => Check(ReplyCases.FailedThawKeepsItsFrozen);

        [Test]
        [Requirement("FF-DEV-12")]
        public void AlreadyFrozenWithHeldCount() => Check(ReplyCases.AlreadyFrozenWithHeldCount);

        [Test]
        [Requirement("FF-DEV-12")]
        public void TrailingBytesIgnored() => Check(ReplyCases.TrailingBytesIgnored);
    }
}
