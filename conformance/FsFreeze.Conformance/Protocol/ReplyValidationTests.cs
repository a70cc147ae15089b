using System.Collections.Generic;
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

        /// <summary>One named case per row of <see cref="ReplyCases"/>, tagged with the requirement the row checks.</summary>
        public static IEnumerable<TestCaseData> Cases() =>
            ReplyCases.All.Select(c => new TestCaseData(c).SetName(c.Name).SetCategory(c.Requirement));

        [TestCaseSource(nameof(Cases))]
        public void Case(ReplyCase testCase) => Check(testCase);
    }
}
