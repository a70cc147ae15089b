using System.Linq;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Device.Emulation;
using FsFreeze.Device.Host;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Device
{
    /// <summary>How the device sends requests: FF-DEV-4, FF-DEV-6, FF-DEV-7, FF-DEV-8, FF-DEV-16, and request buffers it refuses.</summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.Devices))]
    public sealed class RequestTests
    {
        private readonly IDeviceImplementation _implementation;

        public RequestTests(IDeviceImplementation implementation) => _implementation = implementation;

        private static byte[] Reply(RequestType type, uint id, GuestFreezeState state = GuestFreezeState.Thawed) =>
            new FsFreezeReply { Type = (ReplyType)type, RequestId = id, State = state }.ToArray();

        [Test]
        [Requirement("FF-DEV-16")]
        public void FreezeAboveMaxDeadline_IsRefusedUnsent_AtMaxIsSentAsAsked()
        {
            const uint max = 4_000;
            var bench = new GuestBench(_implementation, new FsFreezeDeviceOptions { Config = new FsFreeze.Protocol.Config.FsFreezeConfig(256, 8, max) }).Start();

            // The refusal may be an exception (the reference's ArgumentOutOfRangeException, a remote back-end's
            // error answer) or an outcome other than Sent; what counts is that nothing reaches requestq.
            bool refused;
            try
            {
                refused = bench.Endpoint.SendFreeze(max + 1, 0, [], out _) != SendOutcome.Sent;
            }
            catch (System.Exception e) when (e is System.ArgumentException or FsFreeze.VhostUser.VhostUserException)
            {
                refused = true;
            }

            var sentAbove = bench.TakeRequests();
            Assert.That(bench.Endpoint.SendFreeze(max, 0, [], out uint id), Is.EqualTo(SendOutcome.Sent));
            var sentAtMax = bench.TakeRequests();
            Assert.Multiple(() =>
            {
                Assert.That(refused, Is.True, "the device refuses a FREEZE above max_deadline_ms");
                Assert.That(sentAbove, Is.Empty, "a deadline above max_deadline_ms never reaches the wire");
                Assert.That(sentAtMax, Has.Count.EqualTo(1));
                Assert.That(sentAtMax[0].Request.DeadlineMs, Is.EqualTo(max));
                Assert.That(sentAtMax[0].Request.RequestId, Is.EqualTo(id));
                Assert.That(sentAtMax[0].Decode.IsValid, Is.True, sentAtMax[0].Decode.ToString());
            });
        }

        [Test]
        [Requirement("FF-DEV-6")]
        public void NoRequestBeforeDriverOk_HostSeesNoDriver()
        {
            var bench = new GuestBench(_implementation);
            HostOperation freeze = bench.Host.Freeze(1000);
            HostOperation status = bench.Host.Status();
            Assert.Multiple(() =>
            {
                Assert.That(freeze.Result.Kind, Is.EqualTo(HostResultKind.NoDriver));
                Assert.That(status.Result.Kind, Is.EqualTo(HostResultKind.NoDriver));
                Assert.That(bench.Endpoint.Counters.RequestsSent, Is.Zero);
            });
        }

        [Test]
        [Requirement("FF-DEV-6")]
        public void NoRequestAfterFailed_OrWithoutBuffers()
        {
            var bench = new GuestBench(_implementation).Start(requestBuffers: 0);
            Assert.That(bench.Host.Status().Result.Kind, Is.EqualTo(HostResultKind.NoDriver), "no buffer posted");
            bench.PostRequestBuffer();
            bench.Session!.Fail();
            Assert.Multiple(() =>
            {
                Assert.That(bench.Host.Status().Result.Kind, Is.EqualTo(HostResultKind.NoDriver), "FAILED");
                Assert.That(bench.TakeRequests(), Is.Empty);
            });
        }

        [Test]
        [Requirement("FF-DEV-6")]
        public void ResetCompletesAwaitedOperationsAsNoDriver()
        {
            var bench = new GuestBench(_implementation).Start();
            HostOperation freeze = bench.Host.Freeze(1000);
            HostOperation status = bench.Host.Status();
            Assert.That(freeze.IsCompleted, Is.False);
            bench.Session!.Reset();
            Assert.Multiple(() =>
            {
                Assert.That(freeze.Result.Kind, Is.EqualTo(HostResultKind.NoDriver));
                Assert.That(status.Result.Kind, Is.EqualTo(HostResultKind.NoDriver));
                Assert.That(bench.Host.Thaw().Result.Kind, Is.EqualTo(HostResultKind.NoDriver));
            });
        }

        [Test]
        [Requirement("FF-DEV-7")]
        public void RequestIds_NonZeroIncreasingAndDistinct()
        {
            var bench = new GuestBench(_implementation).Start();
            var ids = new System.Collections.Generic.List<uint>();
            for (int i = 0; i < 20; i++)
            {
                HostOperation status = bench.Host.Status();
                var requests = bench.TakeRequests();
                Assert.That(requests, Has.Count.EqualTo(1));
                Assert.That(requests[0].Decode.IsValid, Is.True, requests[0].Decode.ToString());
                uint id = requests[0].Request.RequestId;
                Assert.That(id, Is.EqualTo(status.RequestId));
                ids.Add(id);
                bench.SendReply(Reply(RequestType.Status, id));
                Assert.That(status.Result.Kind, Is.EqualTo(HostResultKind.Completed));
            }

            Assert.Multiple(() =>
            {
                Assert.That(ids, Has.None.EqualTo(0u));
                Assert.That(ids, Is.Unique);
                Assert.That(ids, Is.Ordered.Ascending);
            });
        }

        [Test]
        [Requirement("FF-DEV-8")]
        public void OneFreezeOrThawAtATime_StatusConcurrently()
        {
            var bench = new GuestBench(_implementation).Start(requestBuffers: 4);
            HostOperation freeze = bench.Host.Freeze(1000);
            HostOperation thaw = bench.Host.Thaw();
            HostOperation secondFreeze = bench.Host.Freeze(1000);
            HostOperation status = bench.Host.Status();
            HostOperation secondStatus = bench.Host.Status();
            var requests = bench.TakeRequests();
            Assert.Multiple(() =>
            {
                Assert.That(thaw.Result.Kind, Is.EqualTo(HostResultKind.Busy));
                Assert.That(secondFreeze.Result.Kind, Is.EqualTo(HostResultKind.Busy));
                Assert.That(secondStatus.Result.Kind, Is.EqualTo(HostResultKind.Busy));
                Assert.That(freeze.IsCompleted, Is.False);
                Assert.That(status.IsCompleted, Is.False);
                Assert.That(requests.Select(r => r.Request.Type), Is.EqualTo(new[] { RequestType.Freeze, RequestType.Status }));
                Assert.That(requests[0].Request.RequestId, Is.Not.EqualTo(requests[1].Request.RequestId));
            });
        }

        [Test]
        [Requirement("FF-DEV-4")]
        public void NoSelectorsWithoutSelective_NoNoticeWithoutAppNotice()
        {
            var bench = new GuestBench(_implementation).Start(features: FsFreezeFeature.Mask(FsFreezeFeature.SbDetail));
            HostOperation selective = bench.Host.Freeze(1000, selectors: [Selector.Device(253, 1)]);
            HostOperation notice = bench.Host.Freeze(1000, noticeMs: 10);
            Assert.Multiple(() =>
            {
                Assert.That(selective.Result.Kind, Is.EqualTo(HostResultKind.Unsupported));
                Assert.That(notice.Result.Kind, Is.EqualTo(HostResultKind.Unsupported));
                Assert.That(bench.TakeRequests(), Is.Empty, "nothing was sent");
            });
        }

        [Test]
        [Requirement("FF-DEV-4")]
        public void SelectorsAndNotice_SentWhenNegotiated()
        {
            var bench = new GuestBench(_implementation).Start();
            HostOperation freeze = bench.Host.Freeze(1000, noticeMs: 10, selectors: [Selector.MountPath("/srv")]);
            var requests = bench.TakeRequests();
            Assert.Multiple(() =>
            {
                Assert.That(freeze.IsCompleted, Is.False);
                Assert.That(requests, Has.Count.EqualTo(1));
                Assert.That(requests[0].Decode.IsValid, Is.True, requests[0].Decode.ToString());
                Assert.That(requests[0].Request.NoticeMs, Is.EqualTo((ushort)10));
                Assert.That(requests[0].Request.Selectors[0].Path, Is.EqualTo("/srv"));
                Assert.That(requests[0].UsedLength, Is.EqualTo((uint)requests[0].Request.EncodedLength), "used length is the request's length");
            });
        }

        [Test]
        [Requirement("FF-DEV-6")]
        [Requirement("FF-INIT-7")]
        public void RequestBufferTooSmall_DeviceNeedsReset()
        {
            var bench = new GuestBench(_implementation).Start(requestBuffers: 0);
            bench.PostRequestBuffer(bench.Endpoint.Config.RequestSize - 1);
            int raised = bench.Line.Count;
            HostOperation status = bench.Host.Status();
            Assert.Multiple(() =>
            {
                Assert.That(status.Result.Kind, Is.EqualTo(HostResultKind.NoDriver));
                Assert.That(bench.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.DeviceNeedsReset));
                Assert.That(bench.Line.Count, Is.GreaterThan(raised));
                Assert.That(bench.Line.Last & MmioInterrupt.ConfigurationChange, Is.EqualTo(MmioInterrupt.ConfigurationChange));
            });
        }

        [Test]
        [Requirement("FF-DEV-6")]
        [Requirement("FF-INIT-7")]
        public void RequestBufferWithReadablePart_DeviceNeedsReset()
        {
            var bench = new GuestBench(_implementation).Start(requestBuffers: 0);
            bench.PostRequestChain([16], [bench.Endpoint.Config.RequestSize]);
            HostOperation status = bench.Host.Status();
            Assert.Multiple(() =>
            {
                Assert.That(status.Result.Kind, Is.EqualTo(HostResultKind.NoDriver));
                Assert.That(bench.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.DeviceNeedsReset));
                Assert.That(bench.Host.Status().Result.Kind, Is.EqualTo(HostResultKind.NoDriver), "nothing more after DEVICE_NEEDS_RESET");
            });
        }

        [Test]
        [Requirement("FF-DEV-7")]
        public void RequestSpreadOverSeveralWritableBuffers_IsWhole()
        {
            var bench = new GuestBench(_implementation, new FsFreeze.Device.Emulation.FsFreezeDeviceOptions { Config = new FsFreeze.Protocol.Config.FsFreezeConfig(16, 4, 1000) }).Start(requestBuffers: 0);
            bench.PostRequestChain([], [4, 4, 8]);
            HostOperation status = bench.Host.Status();
            Assert.Multiple(() =>
            {
                Assert.That(status.IsCompleted, Is.False);
                Assert.That(bench.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.None));
                Assert.That(bench.ReplyQueue.InFlightCount, Is.Zero);
            });
        }
    }
}
