using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Conformance.KnownBad;
using FsFreeze.Conformance.Protocol.Cases;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.Driver
{
    /// <summary>
    /// The driver behind fsfreeze-vhost-user-backend, fed the request table (<see cref="RequestCases"/>) through the
    /// back-end's <c>raw</c> op, the way a real kernel's driver is tested under User-Mode Linux: each case must come
    /// back as one reply with its status and echo, the back-end in checking mode must record nothing, and a driver
    /// that answers wrong must be recorded under the rule it breaks. <c>forge-used</c> (FF-DRV-13) must be ignored.
    /// </summary>
    [NonParallelizable]
    public sealed class DriverRawRequestTests
    {
        private BackendDriverHarness? _backend;

        private BackendDriverHarness Backend => _backend ?? throw new InvalidOperationException("no back-end");

        public static IEnumerable<TestCaseData> Cases()
        {
            foreach (IDriverImplementation implementation in Implementations.Drivers())
            {
                foreach (RequestCase testCase in RequestCases.All)
                {
                    yield return new TestCaseData(implementation, testCase)
                        .SetName($"ThroughBackend_{testCase.Name}({implementation.Name})")
                        .SetCategory(testCase.Requirement)
                        .SetCategory("FF-DRV-8");
                }
            }
        }

        [OneTimeSetUp]
        public void StartBackend() => _backend = new BackendDriverHarness();

        [OneTimeTearDown]
        public void StopBackend() => _backend?.Dispose();

        [TestCaseSource(nameof(Cases))]
        public void RawRequest_IsAnsweredAsTheTableSays_WithNoViolationRecorded(IDriverImplementation implementation, RequestCase testCase)
        {
            using BackendDriverHarness.Guest guest = Connect(implementation, testCase.Features);

            JsonObject sent = guest.Host(Raw(testCase.Bytes));
            Assert.That(sent["outcome"]!.GetValue<string>(), Is.EqualTo("Sent"), "the driver keeps a request buffer posted (FF-DRV-2)");
            Assert.That(sent["expected"]!["status"]!.GetValue<string>(), Is.EqualTo(testCase.ExpectedStatus.ToString()), "the back-end expects what the table does");
            uint echoId = sent["request_id"]!.GetValue<uint>();
            guest.RunGuest(() => guest.Completed(echoId).Length > 0);

            JsonObject[] completed = guest.Completed(echoId);
            Assert.That(completed, Has.Length.EqualTo(1), "exactly one reply (FF-DRV-8)");
            Assert.That(FsFreezeReply.TryDecode(Convert.FromHexString(completed[0]["verdict"]!["reply"]!.GetValue<string>()), out FsFreezeReply reply), Is.True);
            Assert.Multiple(() =>
            {
                Assert.That(echoId, Is.EqualTo(testCase.ExpectedEchoRequestId));
                Assert.That(completed[0]["raw"]!.GetValue<bool>(), Is.True);
                Assert.That(completed[0]["verdict"]!["kind"]!.GetValue<string>(), Is.EqualTo("Accepted"));
                Assert.That(reply.Status, Is.EqualTo(testCase.ExpectedStatus));
                Assert.That((ushort)reply.Type, Is.EqualTo(testCase.ExpectedEchoType));
                Assert.That(reply.RequestId, Is.EqualTo(testCase.ExpectedEchoRequestId));
                Assert.That(guest.Violations(), Is.Empty, "checking mode records nothing against a conforming driver");
                if (testCase.ExpectedStatus != ReplyStatus.Ok)
                {
                    Assert.That(guest.KernelFrozen(), Is.Empty, "a refused request changes nothing");
                }
            });
        }

        [Test]
        [Requirement("FF-DRV-34")]
        public void ADriverIgnoringMaxDeadline_IsRecordedAsFfDrv34()
        {
            using BackendDriverHarness.Guest guest = Connect(new DriverIgnoresMaxDeadline(), 0);
            RequestCase testCase = RequestCases.FreezeDeadlineAboveMax;

            guest.Host(Raw(testCase.Bytes));
            guest.RunGuest(() => guest.Completed(testCase.ExpectedEchoRequestId).Length > 0);

            string[] violations = guest.Violations();
            Assert.Multiple(() =>
            {
                Assert.That(violations, Has.Length.EqualTo(1), string.Join("\n", violations));
                Assert.That(violations.FirstOrDefault(), Does.StartWith("FF-DRV-34:"));
                Assert.That(Backend.Log, Does.Contain("VIOLATION FF-DRV-34"));
            });
        }

        [TestCase("id", TestName = "ForgedCompletion_IdNeverPosted_IsIgnored_AndStatusStillAnswers")]
        [TestCase("length", TestName = "ForgedCompletion_LengthBeyondTheBuffer_IsIgnored_AndStatusStillAnswers")]
        [TestCase("both", TestName = "ForgedCompletion_IdAndLength_IsIgnored_AndStatusStillAnswers")]
        [Requirement("FF-DRV-13")]
        public void ForgedCompletion_IsIgnored_AndStatusStillAnswers(string forgery)
        {
            foreach (IDriverImplementation implementation in Implementations.Drivers())
            {
                using BackendDriverHarness.Guest guest = Connect(implementation, 0);
                var command = new JsonObject { ["op"] = "forge-used" };
                if (forgery is "id" or "both")
                {
                    command["id"] = 1000;
                }

                if (forgery is "length" or "both")
                {
                    command["used_length"] = 1_000_000;
                }

                JsonObject forged = guest.Host(command);
                guest.RunGuest();
                JsonObject status = guest.Host(new JsonObject { ["op"] = "status" });
                uint statusId = status["request_id"]!.GetValue<uint>();
                guest.RunGuest(() => guest.Completed(statusId).Length > 0);
                Assert.Multiple(() =>
                {
                    Assert.That(forged["outcome"]!.GetValue<string>(), Is.EqualTo("Sent"));
                    Assert.That(guest.KernelFrozen(), Is.Empty, "nothing frozen because of it");
                    Assert.That(status["outcome"]!.GetValue<string>(), Is.EqualTo("Sent"), "a request buffer is still posted (FF-DRV-2)");
                    Assert.That(guest.Completed(statusId).Single()["verdict"]!["kind"]!.GetValue<string>(), Is.EqualTo("Accepted"));
                    Assert.That(guest.Violations(), Is.Empty, "a reply to the forged completion's FREEZE would be recorded as FF-DRV-13");
                });
            }
        }

        private static JsonObject Raw(byte[] bytes) => new() { ["op"] = "raw", ["request"] = Convert.ToHexString(bytes) };

        private BackendDriverHarness.Guest Connect(IDriverImplementation implementation, ulong features)
        {
            // As DriverRequestCaseTests: offered and understood exactly the case's features, plus SB_DETAIL.
            ulong offered = features | FsFreezeFeature.Mask(FsFreezeFeature.SbDetail);
            var options = new JsonObject
            {
                ["offered_features"] = offered,
                ["request_size"] = 8192,
                ["max_entries"] = 64,
                ["max_deadline_ms"] = RequestCases.MaxDeadlineMs,
            };
            return Backend.Connect(implementation, options, offered);
        }
    }
}
