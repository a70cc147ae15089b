using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Adapters.KernelDriver;
using FsFreeze.Conformance.Framework;
using FsFreeze.Conformance.Protocol.Cases;
using FsFreeze.Guest.Uml;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.KernelDriver
{
    /// <summary>
    /// Every case of the request table (<see cref="RequestCases"/>) sent to a driver in a real kernel: the reference
    /// back-end's <c>raw</c> op writes the exact bytes into a posted request buffer, and the driver must answer once
    /// with the case's status, echoing type and request_id (FF-DRV-8, FF-DRV-11, FF-DRV-12, FF-DRV-34), and change
    /// nothing when it refuses. One guest serves the whole table. A case whose answer depends on a feature the driver did not accept (APP_NOTICE for the C driver)
    /// reads NOT SUPPORTED, with the status the driver's features call for in the reason.
    /// </summary>
    [Category("Uml")]
    [NonParallelizable]
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.KernelDrivers))]
    public sealed class KernelDriverRequestCaseTests
    {
        private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(20);
        private readonly IKernelDriverImplementation driver;
        private DriverSession? session;
        private ulong negotiated;
        private uint maxDeadlineMs;

        /// <summary>The table against <paramref name="driver"/>.</summary>
        public KernelDriverRequestCaseTests(IKernelDriverImplementation driver) => this.driver = driver;

        private DriverSession Session => session ?? throw new InvalidOperationException("no guest");

        public static IEnumerable<TestCaseData> Cases() =>
            RequestCases.All.Select(c => new TestCaseData(c).SetName($"KernelDriver_{c.Name}").SetCategory(c.Requirement).SetCategory("FF-DRV-8"));

        [OneTimeSetUp]
        public void Boot()
        {
            // The table's longest request (a 4096-byte path) needs more than the default 4096-byte buffers.
            session = new DriverSession(driver.ModulePath, ["ext4"], deviceOptions: new JsonObject { ["request_size"] = 8192 });
            negotiated = Session.NegotiatedFeatures;
            maxDeadlineMs = Session.Backend.Call(new JsonObject { ["op"] = "hello" })["config"]!["max_deadline_ms"]!.GetValue<uint>();
        }

        [OneTimeTearDown]
        public void Halt() => session?.Dispose();

        /// <summary>Back to the baseline after a case the driver carried out: nothing frozen.</summary>
        [TearDown]
        public void ThawIfFrozen()
        {
            if (session is not null && !session.Guest.HasExited && Session.Host.Status().Reply.FrozenCount > 0)
            {
                Session.Host.Thaw();
            }
        }

        [TestCaseSource(nameof(Cases))]
        public void RawRequest_IsAnsweredAsTheTableSays(RequestCase testCase)
        {
            // The table's status holds under the case's features; under the driver's own it may differ only where a
            // feature the driver declined decides it.
            ReplyStatus underDriver = FsFreezeRequest.TryDecode(testCase.Bytes, negotiated, maxDeadlineMs, out _).Status;
            if (underDriver != testCase.ExpectedStatus)
            {
                Assert.Ignore($"not supported: the driver accepted features 0x{negotiated:x}, under which this request is answered {underDriver}; the table's {testCase.ExpectedStatus} needs 0x{testCase.Features:x}");
            }

            JsonObject sent = Session.Backend.Call(new JsonObject { ["op"] = "raw", ["request"] = Convert.ToHexString(testCase.Bytes) });
            Assert.That(sent["ok"]?.GetValue<bool>(), Is.True, sent.ToJsonString());
            Assert.That(sent["outcome"]!.GetValue<string>(), Is.EqualTo("Sent"), "a request buffer is posted (FF-DRV-2)");
            Answer answer = Session.Host.WaitCompleted(sent["request_id"]!.GetValue<uint>(), ReplyTimeout);
            Answer status = Session.Host.Status();

            Assert.Multiple(() =>
            {
                if (testCase.ExpectedStatus == ReplyStatus.Ok && answer.Reply.Type == ReplyType.Freeze)
                {
                    // A valid FREEZE is carried out (FF-DRV-20); a real freeze takes real time, so a deadline shorter
                    // than it ends the FREEZE rolled back with DEADLINE (FF-DRV-14), which is also carried out.
                    Assert.That(answer.Reply.Status, Is.EqualTo(ReplyStatus.Ok).Or.EqualTo(ReplyStatus.Deadline));
                }
                else
                {
                    Assert.That(answer.Reply.Status, Is.EqualTo(testCase.ExpectedStatus));
                }

                Assert.That((ushort)answer.Reply.Type, Is.EqualTo(testCase.ExpectedEchoType), "type echoed (FF-DRV-8)");
                Assert.That(answer.Reply.RequestId, Is.EqualTo(testCase.ExpectedEchoRequestId), "request_id echoed (FF-DRV-8)");
                if (testCase.ExpectedStatus != ReplyStatus.Ok)
                {
                    Assert.That(answer.Reply.State, Is.EqualTo(GuestFreezeState.Thawed));
                    Assert.That(status.Reply.FrozenCount, Is.Zero, "a refused request changes nothing");
                }
            });
            Assert.That(Session.Backend.Violations(), Is.Empty, "the reference device in checking mode saw the driver break these");
        }
    }
}
