using System;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Requests;
using FsFreeze.Virtio.Mmio;
using Wire = FsFreeze.Protocol.FsFreezeDevice;

namespace FsFreeze.Device.Tests
{
    /// <summary>Sending requests on requestq (FsFreezeDevice.Requests.cs): arguments, features, ids, buffers.</summary>
    public sealed class FsFreezeDeviceRequestsTests
    {
        [Test]
        [Category("FF-DEV-16")]
        [Category("FF-DRV-11")]
        public void SendFreeze_RefusesBadArguments_BeforeAnythingIsSent()
        {
            var bench = new DeviceBench(new FsFreezeDeviceOptions { Config = new FsFreezeConfig(4096, 8, 5000) }).Start();
            Assert.Multiple(() =>
            {
                Assert.That(() => bench.Device.SendFreeze(1000, 0, null!, out _), Throws.ArgumentNullException);
                Assert.That(() => bench.Device.SendFreeze(0, 0, [], out _), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("max_deadline_ms"));
                Assert.That(() => bench.Device.SendFreeze(5001, 0, [], out _), Throws.TypeOf<ArgumentOutOfRangeException>());
                Assert.That(() => bench.Device.SendFreeze(100, 100, [], out _), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("FF-DRV-11"), "notice equal to the deadline");
                Assert.That(() => bench.Device.SendFreeze(100, 101, [], out _), Throws.TypeOf<ArgumentOutOfRangeException>());
                Assert.That(bench.TakeRequests(), Is.Empty);
                Assert.That(bench.Device.Counters.RequestsSent, Is.Zero);
            });

            Assert.That(bench.Device.SendFreeze(5000, 0, [], out uint atMax), Is.EqualTo(SendOutcome.Sent), "max_deadline_ms itself is allowed");
            Assert.That(bench.Device.Abandon(atMax), Is.True);
            Assert.That(bench.TakeRequests(), Has.Count.EqualTo(1));
            Assert.That(bench.Device.SendFreeze(100, 99, [], out uint id), Is.EqualTo(SendOutcome.Sent));
            var taken = bench.TakeRequests();
            Assert.That(taken, Has.Count.EqualTo(1));
            Assert.That(FsFreezeRequest.TryDecode(taken[0].Bytes, bench.Device.NegotiatedFeatures, 5000, out FsFreezeRequest request).IsValid, Is.True);
            Assert.Multiple(() =>
            {
                Assert.That(request.NoticeMs, Is.EqualTo(99));
                Assert.That(request.DeadlineMs, Is.EqualTo(100u));
                Assert.That(request.RequestId, Is.EqualTo(id));
            });
        }

        [Test]
        [Category("FF-DEV-4")]
        public void SendFreeze_WithAFeatureNotNegotiated_IsUnsupported_AndNothingIsSent()
        {
            var bench = new DeviceBench().Start(features: 0);
            Assert.Multiple(() =>
            {
                Assert.That(bench.Device.SendFreeze(1000, 0, [Selector.Device(8, 1)], out uint a), Is.EqualTo(SendOutcome.Unsupported));
                Assert.That(bench.Device.SendFreeze(1000, 10, [], out uint b), Is.EqualTo(SendOutcome.Unsupported));
                Assert.That(a + b, Is.Zero);
                Assert.That(bench.TakeRequests(), Is.Empty);
            });
        }

        [Test]
        [Category("FF-DEV-6")]
        public void SendFreeze_WithoutADriver_IsNoDriver_EvenWhenItAsksForAFeature()
        {
            var device = new Emulation.FsFreezeDevice();
            Assert.Multiple(() =>
            {
                Assert.That(device.SendFreeze(1000, 10, [], out uint id), Is.EqualTo(SendOutcome.NoDriver));
                Assert.That(id, Is.Zero);
                Assert.That(device.SendFreeze(1000, 0, [Selector.Device(8, 1)], out _), Is.EqualTo(SendOutcome.NoDriver));
            });
        }

        [Test]
        [Category("FF-DRV-2")]
        public void SendFreeze_OfExactlyRequestSize_IsSent_OneByteMoreIsRefused()
        {
            // A FREEZE header is 16 bytes and a device selector 16: one selector fills a 32-byte request_size.
            var bench = new DeviceBench(new FsFreezeDeviceOptions { Config = new FsFreezeConfig(32, 8, 60_000) }).Start();
            Assert.Multiple(() =>
            {
                Assert.That(bench.Device.SendFreeze(1000, 0, [Selector.Device(8, 1)], out _), Is.EqualTo(SendOutcome.Sent));
                Assert.That(bench.TakeRequests()[0].UsedLength, Is.EqualTo(32u));
                Assert.That(bench.Device.Abandon(bench.Device.LastRequestId), Is.True);
                Assert.That(() => bench.Device.SendFreeze(1000, 0, [Selector.Device(8, 1), Selector.Device(8, 2)], out _), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("request_size"));
                Assert.That(bench.TakeRequests(), Is.Empty);
            });
        }

        [Test]
        [Category("FF-DEV-8")]
        public void OneControlAndOneStatus_Await_ASecondIsBusy_AndOnlySentOnesAreCounted()
        {
            var bench = new DeviceBench().Start(requestBuffers: 4);
            Assert.Multiple(() =>
            {
                Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
                Assert.That(bench.Device.SendThaw(out uint thaw), Is.EqualTo(SendOutcome.Sent));
                Assert.That(bench.Device.SendStatus(out uint busyStatus), Is.EqualTo(SendOutcome.Busy));
                Assert.That(bench.Device.SendFreeze(1000, 0, [], out uint busyFreeze), Is.EqualTo(SendOutcome.Busy));
                Assert.That(busyStatus + busyFreeze, Is.Zero);
                Assert.That(bench.Device.Awaited.StatusRequestId, Is.EqualTo(status));
                Assert.That(bench.Device.Awaited.ControlRequestId, Is.EqualTo(thaw));
                Assert.That(bench.Device.Counters.RequestsSent, Is.EqualTo(2));
                Assert.That(bench.TakeRequests(), Has.Count.EqualTo(2));
            });
        }

        [Test]
        [Category("FF-HOST-1")]
        public void NoRequestBufferPosted_IsNoDriver_AndWhatAwaitsKeepsAwaiting()
        {
            var bench = new DeviceBench().Start(requestBuffers: 1);
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            Assert.Multiple(() =>
            {
                Assert.That(bench.Device.SendThaw(out _), Is.EqualTo(SendOutcome.NoDriver));
                Assert.That(bench.Device.Awaited.StatusRequestId, Is.EqualTo(status), "an empty requestq breaks nothing");
                Assert.That(bench.NeedsReset, Is.False);
                Assert.That(bench.DriverGone, Is.Empty);
            });
        }

        [Test]
        [Category("FF-DEV-6")]
        public void NoRequestqEnabled_IsNoDriver()
        {
            var bench = new DeviceBench().Start(requestBuffers: 0, queueCount: 0);
            Assert.Multiple(() =>
            {
                Assert.That(bench.Device.IsDriverReady, Is.True);
                Assert.That(bench.Device.SendStatus(out uint id), Is.EqualTo(SendOutcome.NoDriver));
                Assert.That(id, Is.Zero);
                Assert.That(bench.Device.Awaited.StatusRequestId, Is.Zero);
            });
        }

        [Test]
        [Category("FF-INIT-7")]
        [Category("FF-DEV-15")]
        public void MalformedRequestq_DeviceNeedsReset_AndWhatAwaitedEnds()
        {
            var bench = new DeviceBench().Start(requestBuffers: 1);
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            bench.PostRequestBuffer();
            bench.BreakDescriptor(Wire.RequestQueueIndex, bench.LastRequestHead);
            Assert.Multiple(() =>
            {
                Assert.That(bench.Device.SendThaw(out _), Is.EqualTo(SendOutcome.NoDriver));
                Assert.That(bench.NeedsReset, Is.True);
                Assert.That(bench.DriverGone, Is.EqualTo(new[] { (0u, status) }));
                Assert.That(bench.Device.Awaited.StatusRequestId, Is.Zero);
            });
        }

        [Test]
        [Category("FF-DRV-3")]
        public void RequestSplitOverTwoWritableBuffers_ArrivesWhole()
        {
            var bench = new DeviceBench().Start(requestBuffers: 0);
            ulong[] buffers = bench.PostRequestChain([], [8, bench.Device.Config.RequestSize]);
            Assert.That(bench.Device.SendFreeze(1234, 0, [], out uint id), Is.EqualTo(SendOutcome.Sent));
            Assert.That(bench.RequestQueue.TryReclaim(out var used, out var error), Is.True, error.ToString());
            byte[] bytes = new byte[16];
            bench.Memory.TryRead(buffers[0], bytes.AsSpan(0, 8));
            bench.Memory.TryRead(buffers[1], bytes.AsSpan(8, 8));
            Assert.Multiple(() =>
            {
                Assert.That(used.Length, Is.EqualTo(16u));
                Assert.That(bytes, Is.EqualTo(FsFreezeRequest.Freeze(id, 1234).ToArray()));
                Assert.That(bench.NeedsReset, Is.False);
            });
        }

        [Test]
        [Category("FF-DRV-2")]
        [Category("FF-DRV-3")]
        [Category("FF-DEV-15")]
        public void RequestBufferShorterThanRequestSize_OrReadable_DeviceNeedsReset()
        {
            var shortBench = new DeviceBench().Start(requestBuffers: 0);
            shortBench.PostRequestChain([], [shortBench.Device.Config.RequestSize - 1]);
            var readableBench = new DeviceBench().Start(requestBuffers: 0);
            readableBench.PostRequestChain([16], [readableBench.Device.Config.RequestSize]);
            Assert.Multiple(() =>
            {
                Assert.That(shortBench.Device.SendStatus(out _), Is.EqualTo(SendOutcome.NoDriver));
                Assert.That(shortBench.NeedsReset, Is.True);
                Assert.That(readableBench.Device.SendStatus(out _), Is.EqualTo(SendOutcome.NoDriver));
                Assert.That(readableBench.NeedsReset, Is.True);
            });
        }

        [Test]
        [Category("FF-DEV-7")]
        public void Ids_CountUpFromOne_AndSkipTheRawRequestsId()
        {
            var bench = new DeviceBench().Start(requestBuffers: 4);
            Assert.That(bench.Device.SendStatus(out uint first), Is.EqualTo(SendOutcome.Sent));
            Assert.That(bench.Device.SendRaw(FsFreezeRequest.Thaw(first + 1).ToArray(), 16), Is.EqualTo(SendOutcome.Sent));
            Assert.That(bench.Device.SendThaw(out uint next), Is.EqualTo(SendOutcome.Sent));
            Assert.Multiple(() =>
            {
                Assert.That(first, Is.EqualTo(1u));
                Assert.That(next, Is.EqualTo(first + 2), "the raw request's id is still awaited");
                Assert.That(bench.Device.LastRequestId, Is.EqualTo(next));
            });
        }

        [Test]
        [Category("FF-DEV-7")]
        public void Ids_WrapPastZero_AndSkipTheAwaitedStatusId()
        {
            var bench = new DeviceBench().Start(requestBuffers: 4);
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            bench.Device.ContinueIdsAfter(uint.MaxValue - 1);
            Assert.That(bench.Device.SendThaw(out uint last), Is.EqualTo(SendOutcome.Sent));
            Assert.That(bench.Device.Abandon(last), Is.True);
            Assert.That(bench.Device.SendThaw(out uint wrapped), Is.EqualTo(SendOutcome.Sent));
            Assert.Multiple(() =>
            {
                Assert.That(status, Is.EqualTo(1u));
                Assert.That(last, Is.EqualTo(uint.MaxValue));
                Assert.That(wrapped, Is.EqualTo(2u), "0 is never an id, and 1 still awaits its reply");
            });
        }

        [Test]
        [Category("FF-DEV-7")]
        public void Ids_WrapPastZero_AndSkipTheAwaitedControlId()
        {
            var bench = new DeviceBench().Start(requestBuffers: 4);
            Assert.That(bench.Device.SendThaw(out uint thaw), Is.EqualTo(SendOutcome.Sent));
            bench.Device.ContinueIdsAfter(uint.MaxValue);
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            Assert.Multiple(() =>
            {
                Assert.That(thaw, Is.EqualTo(1u));
                Assert.That(status, Is.EqualTo(2u));
            });
        }

        [Test]
        public void RequestsAreSignalled_WithAUsedBufferInterrupt()
        {
            var bench = new DeviceBench().Start();
            bench.Session!.AcknowledgeInterrupts();
            Assert.That(bench.Device.SendStatus(out _), Is.EqualTo(SendOutcome.Sent));
            Assert.That(bench.Transport.InterruptStatus & MmioInterrupt.UsedBuffer, Is.EqualTo(MmioInterrupt.UsedBuffer));
        }
    }
}
