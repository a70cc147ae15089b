using System;
using System.Linq;
using FsFreeze.Conformance.Framework;
using FsFreeze.Conformance.Protocol.Cases;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.Protocol
{
    /// <summary>
    /// The driver's validation of requests (FF-DRV-11: INVALID, FF-DRV-12: UNSUPPORTED), one test per case of
    /// <see cref="RequestCases"/>. The driver must refuse with the case's status and echo the request's type and
    /// id; for a valid case it must decode the request and nothing else.
    /// </summary>
    public sealed class RequestValidationTests
    {
        private static void Check(RequestCase testCase)
        {
            RequestDecodeResult result = FsFreezeRequest.TryDecode(testCase.Bytes, testCase.Features, out FsFreezeRequest request);
            Assert.Multiple(() =>
            {
                Assert.That(result.Status, Is.EqualTo(testCase.ExpectedStatus), result.ToString());
                Assert.That(result.Problem, Is.EqualTo(testCase.ExpectedProblem));
                Assert.That(result.EchoType, Is.EqualTo(testCase.ExpectedEchoType), "the reply echoes type (FF-DRV-8)");
                Assert.That(result.EchoRequestId, Is.EqualTo(testCase.ExpectedEchoRequestId), "the reply echoes request_id (FF-DRV-8)");
                if (result.IsValid)
                {
                    Assert.That(request.ToArray(), Is.EqualTo(testCase.Bytes.AsSpan(0, request.EncodedLength).ToArray()), "a valid request re-encodes to its bytes");
                }
                else
                {
                    Assert.That(request.Type, Is.EqualTo(default(RequestType)), "a refused request decodes to nothing");
                }
            });
        }

        [Test]
        public void Table_CoversEveryProblemAndBothRefusals()
        {
            RequestProblem[] covered = RequestCases.All.Select(c => c.ExpectedProblem).Distinct().ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(Enum.GetValues<RequestProblem>().Except(covered), Is.Empty, "every refusal reason has a case");
                Assert.That(RequestCases.All.Select(c => c.Name), Is.Unique);
                Assert.That(RequestCases.All.Select(c => c.ExpectedStatus).Distinct(), Is.EquivalentTo(new[] { ReplyStatus.Ok, ReplyStatus.Invalid, ReplyStatus.Unsupported }));
            });
        }

        [Test]
        [Requirement("FF-DRV-11")]
        public void TooShort() => Check(RequestCases.TooShort);

        [Test]
        [Requirement("FF-DRV-11")]
        public void Empty() => Check(RequestCases.Empty);

        [Test]
        [Requirement("FF-DRV-11")]
        public void UnknownType() => Check(RequestCases.UnknownType);

        [Test]
        [Requirement("FF-DRV-11")]
        public void EventTypeInARequest() => Check(RequestCases.EventTypeInARequest);

        [Test]
        [Requirement("FF-DRV-11")]
        public void FlagsNonZero() => Check(RequestCases.FlagsNonZero);

        [Test]
        [Requirement("FF-DRV-11")]
        public void RequestIdZero() => Check(RequestCases.RequestIdZero);

        [Test]
        [Requirement("FF-DRV-11")]
        public void ThawFlagsNonZero() => Check(RequestCases.ThawFlagsNonZero);

        [Test]
        [Requirement("FF-DRV-11")]
        public void FreezeDeadlineZero() => Check(RequestCases.FreezeDeadlineZero);

        [Test]
        [Requirement("FF-DRV-11")]
        public void FreezeNoticeEqualToDeadline() => Check(RequestCases.FreezeNoticeEqualToDeadline);

        [Test]
        [Requirement("FF-DRV-11")]
        public void FreezeNoticeAboveDeadline() => Check(RequestCases.FreezeNoticeAboveDeadline);

        [Test]
        [Requirement("FF-DRV-11")]
        public void ThawWithDeadline() => Check(RequestCases.ThawWithDeadline);

        [Test]
        [Requirement("FF-DRV-11")]
        public void StatusWithDeadline() => Check(RequestCases.StatusWithDeadline);

        [Test]
        [Requirement("FF-DRV-11")]
        public void ThawWithNotice() => Check(RequestCases.ThawWithNotice);

        [Test]
        [Requirement("FF-DRV-11")]
        public void StatusWithNotice() => Check(RequestCases.StatusWithNotice);

        [Test]
        [Requirement("FF-DRV-11")]
        public void ThawWithSelector() => Check(RequestCases.ThawWithSelector);

        [Test]
        [Requirement("FF-DRV-11")]
        public void StatusWithSelectorCount() => Check(RequestCases.StatusWithSelectorCount);

        [Test]
        [Requirement("FF-DRV-11")]
        public void SelectorCountBeyondLength() => Check(RequestCases.SelectorCountBeyondLength);

        [Test]
        [Requirement("FF-DRV-11")]
        public void SelectorPaddingCut() => Check(RequestCases.SelectorPaddingCut);

        [Test]
        [Requirement("FF-DRV-11")]
        public void SelectorPayloadCut() => Check(RequestCases.SelectorPayloadCut);

        [Test]
        [Requirement("FF-DRV-11")]
        public void SelectorLengthBeyondRequest() => Check(RequestCases.SelectorLengthBeyondRequest);

        [Test]
        [Requirement("FF-DRV-11")]
        public void SelectorUnknownKind() => Check(RequestCases.SelectorUnknownKind);

        [Test]
        [Requirement("FF-DRV-11")]
        public void SelectorKindZero() => Check(RequestCases.SelectorKindZero);

        [Test]
        [Requirement("FF-DRV-11")]
        public void DeviceSelectorBadLength() => Check(RequestCases.DeviceSelectorBadLength);

        [Test]
        [Requirement("FF-DRV-11")]
        public void PathSelectorEmpty() => Check(RequestCases.PathSelectorEmpty);

        [Test]
        [Requirement("FF-DRV-11")]
        public void PathSelectorTooLong() => Check(RequestCases.PathSelectorTooLong);

        [Test]
        [Requirement("FF-DRV-11")]
        public void PathNotAbsolute() => Check(RequestCases.PathNotAbsolute);

        [Test]
        [Requirement("FF-DRV-11")]
        public void PathContainsNul() => Check(RequestCases.PathContainsNul);

        [Test]
        [Requirement("FF-DRV-11")]
        public void PathNulTerminated() => Check(RequestCases.PathNulTerminated);

        [Test]
        [Requirement("FF-DRV-11")]
        public void SelectorPaddingNonZero() => Check(RequestCases.SelectorPaddingNonZero);

        [Test]
        [Requirement("FF-DRV-11")]
        public void DevicePaddingNonZero() => Check(RequestCases.DevicePaddingNonZero);

        [Test]
        [Requirement("FF-DRV-12")]
        public void SelectorsWithoutSelective() => Check(RequestCases.SelectorsWithoutSelective);

        [Test]
        [Requirement("FF-DRV-12")]
        public void NoticeWithoutAppNotice() => Check(RequestCases.NoticeWithoutAppNotice);

        [Test]
        [Requirement("FF-DRV-11")]
        [Requirement("FF-DRV-12")]
        public void HeaderInvalidBeforeUnsupported() => Check(RequestCases.HeaderInvalidBeforeUnsupported);

        [Test]
        [Requirement("FF-DRV-11")]
        [Requirement("FF-DRV-12")]
        public void MalformedSelectorWithoutSelective() => Check(RequestCases.MalformedSelectorWithoutSelective);

        [Test]
        [Requirement("FF-DRV-11")]
        public void NoticeJustBelowDeadline() => Check(RequestCases.NoticeJustBelowDeadline);

        [Test]
        [Requirement("FF-DRV-11")]
        public void DeadlineOfOneMillisecond() => Check(RequestCases.DeadlineOfOneMillisecond);

        [Test]
        [Requirement("FF-DRV-11")]
        public void PathOf4096Bytes() => Check(RequestCases.PathOf4096Bytes);

        [Test]
        [Requirement("FF-DRV-11")]
        public void RootPath() => Check(RequestCases.RootPath);

        [Test]
        [Requirement("FF-DRV-11")]
        public void NonAsciiPath() => Check(RequestCases.NonAsciiPath);

        [Test]
        [Requirement("FF-DRV-11")]
        public void TrailingBytesIgnored() => Check(RequestCases.TrailingBytesIgnored);

        [Test]
        [Requirement("FF-DRV-12")]
        public void PlainFreezeWithoutFeatures() => Check(RequestCases.PlainFreezeWithoutFeatures);
    }
}
