using System.Collections.Generic;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Protocol.Cases;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;

namespace FsFreeze.Conformance.Driver
{
    /// <summary>
    /// Every case of <see cref="RequestCases"/> routed end to end: the scripted device writes the exact bytes into a
    /// posted buffer, and the driver must answer once with the case's status, echoing type and id (FF-DRV-8,
    /// FF-DRV-11, FF-DRV-12, FF-DRV-34), and freeze nothing when it refuses.
    /// </summary>
    public sealed class DriverRequestCaseTests
    {
        public static IEnumerable<TestCaseData> Cases()
        {
            foreach (IDriverImplementation implementation in Implementations.Drivers())
            {
                foreach (RequestCase testCase in RequestCases.All)
                {
                    yield return new TestCaseData(implementation, testCase)
                        .SetName($"Driver_{testCase.Name}({implementation.Name})")
                        .SetCategory(testCase.Requirement)
                        .SetCategory("FF-DRV-8");
                }
            }
        }

        [TestCaseSource(nameof(Cases))]
        public void AnsweredEndToEnd(IDriverImplementation implementation, RequestCase testCase)
        {
            // The driver is offered (and understands) exactly the case's features, plus SB_DETAIL for the detail.
            ulong features = testCase.Features | FsFreezeFeature.Mask(FsFreezeFeature.SbDetail);
            var harness = new DriverHarness(implementation, offered: features, supported: features, config: new FsFreezeConfig(8192, 64, RequestCases.MaxDeadlineMs)).Bound();
            harness.Mount(FilesystemTypes.Ext4, "/");

            FsFreezeReply? reply = harness.Exchange(testCase.Bytes);

            Assert.That(reply, Is.Not.Null, "exactly one reply (FF-DRV-8)");
            Assert.Multiple(() =>
            {
                Assert.That(harness.Device.Messages, Has.Count.EqualTo(1), "exactly one reply (FF-DRV-8)");
                Assert.That(reply!.Value.Status, Is.EqualTo(testCase.ExpectedStatus));
                Assert.That((ushort)reply.Value.Type, Is.EqualTo(testCase.ExpectedEchoType));
                Assert.That(reply.Value.RequestId, Is.EqualTo(testCase.ExpectedEchoRequestId));
                if (testCase.ExpectedStatus != ReplyStatus.Ok)
                {
                    Assert.That(harness.KernelFrozen(), Is.Empty, "a refused request changes nothing");
                    Assert.That(reply.Value.State, Is.EqualTo(GuestFreezeState.Thawed));
                }
            });
        }
    }
}
