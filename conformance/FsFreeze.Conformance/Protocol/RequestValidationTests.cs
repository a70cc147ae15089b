using System.Collections.Generic;
using System;
using System.Linq;
using FsFreeze.Conformance.Framework;
using FsFreeze.Conformance.Protocol.Cases;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.Protocol
{
    /// <summary>
    /// The driver's validation of requests (FF-DRV-11 and FF-DRV-34: INVALID, FF-DRV-12: UNSUPPORTED), one test per case of
    /// <see cref="RequestCases"/>. The driver must refuse with the case's status and echo the request's type and
    /// id; for a valid case it must decode the request and nothing else.
    /// </summary>
    public sealed class RequestValidationTests
    {
        private static void Check(RequestCase testCase)
        {
            RequestDecodeResult result = FsFreezeRequest.TryDecode(testCase.Bytes, testCase.Features, RequestCases.MaxDeadlineMs, out FsFreezeRequest request);
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

        /// <summary>One named case per row of <see cref="RequestCases"/>, tagged with the requirement the row checks.</summary>
        public static IEnumerable<TestCaseData> Cases() =>
            RequestCases.All.Select(c => new TestCaseData(c).SetName(c.Name).SetCategory(c.Requirement));

        [TestCaseSource(nameof(Cases))]
        public void Case(RequestCase testCase) => Check(testCase);
    }
}
