using FsFreeze.Device.Emulation;
using FsFreeze.Device.Host;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Simulation;
using FsFreeze.Virtio.Mmio;
using Wire = FsFreeze.Protocol.FsFreezeDevice;

namespace FsFreeze.Device.Tests
{
    /// <summary>Consuming replyq (FsFreezeDevice.Replies.cs) and what each verdict tells the observer, the inspector and the counters.</summary>
    public sealed class FsFreezeDeviceRepliesTests
    {
        [Test]
        [Category("FF-DEV-10")]
        public void EveryChainAvailableAtOneNotification_IsConsumedInOrder_AndSignalled()
        {
            var bench = new DeviceBench().Start();
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            Assert.That(bench.Device.SendThaw(out uint thaw), Is.EqualTo(SendOutcome.Sent));
            bench.Session!.AcknowledgeInterrupts();
            bench.SendReply(DeviceBench.Reply(RequestType.Thaw, thaw), notify: false);
            bench.SendReply(DeviceBench.Reply(RequestType.Status, status), notify: false);
            bench.Session.Notify(Wire.ReplyQueueIndex);
            var used = bench.ReclaimReplies();
            Assert.Multiple(() =>
            {
                Assert.That(bench.Completed.ConvertAll(c => c.RequestId), Is.EqualTo(new[] { thaw, status }));
                Assert.That(used, Has.Count.EqualTo(2));
                Assert.That(used.ConvertAll(u => u.Length), Has.All.EqualTo(0u));
                Assert.That(bench.Device.Counters.ChainsConsumed, Is.EqualTo(2));
                Assert.That(bench.Device.Counters.RepliesAccepted, Is.EqualTo(2));
                Assert.That(bench.Transport.InterruptStatus & MmioInterrupt.UsedBuffer, Is.EqualTo(MmioInterrupt.UsedBuffer));
            });
        }

        [Test]
        [Category("FF-DEV-10")]
        public void ReplySplitOverBuffers_IsReadWhole()
        {
            var bench = new DeviceBench().Start();
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            bench.SendReplyChain([20, 28], [], DeviceBench.Reply(RequestType.Status, status));
            Assert.Multiple(() =>
            {
                Assert.That(bench.Completed, Has.Count.EqualTo(1));
                Assert.That(bench.Completed[0].Verdict.IsAccepted, Is.True, bench.Completed[0].Verdict.ToString());
                Assert.That(bench.Completed[0].Verdict.Reply.State, Is.EqualTo(GuestFreezeState.Thawed));
            });
        }

        [Test]
        [Category("FF-DEV-14")]
        public void HugeReplyChain_IsReadUpToAHeaderAndMaxEntriesEntries()
        {
            var bench = new DeviceBench().Start();
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            bench.SendReplyChain([20, 1 << 16], [], DeviceBench.Reply(RequestType.Status, status));
            Assert.Multiple(() =>
            {
                Assert.That(bench.Device.MaxReplyBytes, Is.EqualTo(FsFreezeReply.HeaderSize + (SuperblockEntry.Size * (int)bench.Device.Config.MaxEntries)));
                Assert.That(bench.Completed, Has.Count.EqualTo(1));
                Assert.That(bench.ReclaimReplies(), Has.Count.EqualTo(1));
            });
        }

        [Test]
        [Category("FF-DEV-9")]
        [Category("FF-INIT-7")]
        public void WritableReplyChain_StopsTheDevice_BeforeTheNextChainIsRead()
        {
            var bench = new DeviceBench().Start();
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            bench.SendReplyChain([48], [16], DeviceBench.Reply(RequestType.Status, status), notify: false);
            bench.SendReply(DeviceBench.Reply(RequestType.Status, status), notify: false);
            bench.Session!.Notify(Wire.ReplyQueueIndex);
            Assert.Multiple(() =>
            {
                Assert.That(bench.NeedsReset, Is.True);
                Assert.That(bench.DriverGone, Is.EqualTo(new[] { (0u, status) }));
                Assert.That(bench.Device.Counters.ChainsConsumed, Is.Zero);
                Assert.That(bench.Completed, Is.Empty, "the chain after the malformed one is never read");
                Assert.That(bench.ReclaimReplies(), Is.Empty);
            });
        }

        [Test]
        [Category("FF-INIT-7")]
        [Category("FF-DEV-15")]
        public void MalformedReplyq_DeviceNeedsReset_AndWhatAwaitedEnds()
        {
            var bench = new DeviceBench().Start();
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            ushort head = bench.SendReply(DeviceBench.Reply(RequestType.Status, status), notify: false);
            bench.BreakDescriptor(Wire.ReplyQueueIndex, head);
            bench.Session!.Notify(Wire.ReplyQueueIndex);
            Assert.Multiple(() =>
            {
                Assert.That(bench.NeedsReset, Is.True);
                Assert.That(bench.DriverGone, Is.EqualTo(new[] { (0u, status) }));
                Assert.That(bench.Completed, Is.Empty);
            });
        }

        [Test]
        [Category("FF-DRV-2")]
        [Category("FF-DEV-15")]
        [Category("FF-HOST-3")]
        public void DeviceBrokenFromInsideAReplysProcessing_StopsTheDrain()
        {
            // The host answers an unusable FREEZE with a THAW at once (FF-HOST-3), from inside replyq processing;
            // the only request buffer posted is too short (FF-DRV-2), so that THAW sets DEVICE_NEEDS_RESET.
            var bench = new DeviceBench(observe: false).Start(requestBuffers: 1);
            var host = new FsFreezeHost(bench.Device, new VirtualClock());
            HostOperation freeze = host.Freeze(1000);
            Assert.That(bench.TakeRequests(), Has.Count.EqualTo(1));
            bench.PostRequestBuffer(bench.Device.Config.RequestSize - 1);
            bench.SendReply(DeviceBench.Reply(RequestType.Freeze, freeze.RequestId, status: ReplyStatus.Failed), notify: false);
            bench.SendReply(DeviceBench.Reply(RequestType.Status, 99), notify: false);
            bench.Session!.Notify(Wire.ReplyQueueIndex);
            Assert.Multiple(() =>
            {
                Assert.That(freeze.IsCompleted, Is.True);
                Assert.That(host.CleanupThaws, Has.Count.EqualTo(1));
                Assert.That(host.CleanupThaws[0].Result.Kind, Is.EqualTo(HostResultKind.NoDriver));
                Assert.That(bench.NeedsReset, Is.True);
                Assert.That(bench.Device.Counters.ChainsConsumed, Is.EqualTo(1), "nothing is read once the device gave up");
            });
        }

        [Test]
        [Category("FF-DEV-14")]
        public void DriverWithoutReplyq_StillGetsRequests()
        {
            var bench = new DeviceBench().Start(queueCount: 1);
            Assert.Multiple(() =>
            {
                Assert.That(bench.Device.IsDriverReady, Is.True);
                Assert.That(bench.Device.SendStatus(out _), Is.EqualTo(SendOutcome.Sent));
                Assert.That(bench.TakeRequests(), Has.Count.EqualTo(1));
            });
        }

        [Test]
        [Category("FF-DEV-13")]
        public void ValidEvent_GoesToTheObserver_AndLeavesWhatAwaits()
        {
            var bench = new DeviceBench().Start();
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            bench.SendReply(DeviceBench.Event(EventCode.AutoThawed));
            Assert.Multiple(() =>
            {
                Assert.That(bench.Events, Has.Count.EqualTo(1));
                Assert.That(bench.Events[0].Reply.Event, Is.EqualTo(EventCode.AutoThawed));
                Assert.That(bench.Completed, Is.Empty);
                Assert.That(bench.Device.Awaited.StatusRequestId, Is.EqualTo(status));
                Assert.That(bench.Device.Counters.EventsAccepted, Is.EqualTo(1));
                Assert.That(bench.Device.Counters.RepliesAccepted, Is.Zero);
            });
        }

        [Test]
        [Category("FF-DEV-11")]
        [Category("FF-DEV-13")]
        public void IgnoredMessages_GoToTheInspectorWithTheirReason_AndAreCounted()
        {
            var bench = new DeviceBench().Start();
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            bench.SendReply(DeviceBench.Reply(RequestType.Status, status + 7));
            bench.SendReply(DeviceBench.Event(EventCode.AutoThawed, requestId: status));
            bench.SendReply([1, 2, 3]);
            Assert.Multiple(() =>
            {
                Assert.That(bench.IgnoredMessages.ConvertAll(m => m.Verdict.IgnoredReason), Is.EqualTo(new[]
                {
                    ReplyIgnoredReason.UnknownRequestId, ReplyIgnoredReason.EventWithRequestId, ReplyIgnoredReason.TooShort,
                }));
                Assert.That(bench.IgnoredMessages[2].Message, Is.EqualTo(new byte[] { 1, 2, 3 }));
                Assert.That(bench.Device.Counters.Ignored(ReplyIgnoredReason.UnknownRequestId), Is.EqualTo(1));
                Assert.That(bench.Device.Counters.IgnoredTotal, Is.EqualTo(3));
                Assert.That(bench.Device.Counters.ChainsConsumed, Is.EqualTo(3));
                Assert.That(bench.Events, Is.Empty);
                Assert.That(bench.Completed, Is.Empty);
                Assert.That(bench.Device.Awaited.StatusRequestId, Is.EqualTo(status));
            });
        }

        [Test]
        [Category("FF-DEV-12")]
        public void ProtocolError_CompletesTheRequest_AndIsCounted()
        {
            var bench = new DeviceBench().Start();
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            bench.SendReply(DeviceBench.Reply(RequestType.Status, status, status: (ReplyStatus)200));
            Assert.Multiple(() =>
            {
                Assert.That(bench.Completed, Has.Count.EqualTo(1));
                Assert.That(bench.Completed[0].Verdict.Kind, Is.EqualTo(ReplyVerdictKind.ProtocolError));
                Assert.That(bench.Device.Counters.ProtocolErrors, Is.EqualTo(1));
                Assert.That(bench.Device.Counters.RepliesAccepted, Is.Zero);
                Assert.That(bench.Device.Awaited.StatusRequestId, Is.Zero);
            });
        }
    }
}
