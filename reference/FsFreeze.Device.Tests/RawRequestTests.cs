using System;
using System.Buffers.Binary;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Device.Tests
{
    /// <summary>
    /// Raw requests (FsFreezeDevice.Raw.cs, driver testing): what is written and used, the echo a reply must carry,
    /// and which replyq message is taken as the raw request's reply.
    /// </summary>
    public sealed class RawRequestTests
    {
        private static DeviceBench Bench(uint requestSize = 4096) =>
            new DeviceBench(new FsFreezeDeviceOptions { Config = new FsFreezeConfig(requestSize, 8, 60_000) }).Start(requestBuffers: 4);

        private static byte[] Header(ushort type, uint id, int length = 16)
        {
            byte[] bytes = new byte[length];
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, type);
            if (length >= 8)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(FsFreezeRequest.RequestIdOffset), id);
            }

            return bytes;
        }

        [Test]
        [Category("FF-DRV-6")]
        public void SendRaw_RefusesMoreThanRequestSize_EitherWay_AndSendsExactlyRequestSize()
        {
            var bench = Bench(32);
            Assert.Multiple(() =>
            {
                Assert.That(() => bench.Device.SendRaw(new byte[33], 16), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("33 bytes"));
                Assert.That(() => bench.Device.SendRaw(new byte[10], 33), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("33 bytes"));
                Assert.That(bench.TakeRequests(), Is.Empty);
                Assert.That(bench.Device.SendRaw(Header(9, 70, 32), 32), Is.EqualTo(SendOutcome.Sent));
                Assert.That(bench.TakeRequests()[0].UsedLength, Is.EqualTo(32u));
            });
        }

        [Test]
        [Category("FF-DRV-8")]
        public void SendRaw_UsesTheGivenLength_ShorterOrLongerThanTheBytes()
        {
            var bench = Bench();
            byte[] sixteen = Header((ushort)RequestType.Status, 70);
            bench.Session!.AcknowledgeInterrupts();
            Assert.That(bench.Device.SendRaw(sixteen, 8), Is.EqualTo(SendOutcome.Sent));
            Assert.That(bench.Transport.InterruptStatus & MmioInterrupt.UsedBuffer, Is.EqualTo(MmioInterrupt.UsedBuffer), "the driver is told, as for any request");
            var shortUse = bench.TakeRequests();
            RawRequest first = bench.Device.RawAwaited!;
            Assert.That(bench.Device.AbandonRaw(), Is.True);
            Assert.That(bench.Device.AbandonRaw(), Is.False, "nothing awaits any more");
            Assert.That(bench.Device.SendRaw(Header((ushort)RequestType.Status, 71, 8), 24), Is.EqualTo(SendOutcome.Sent));
            var longUse = bench.TakeRequests();
            RawRequest second = bench.Device.RawAwaited!;
            Assert.Multiple(() =>
            {
                Assert.That(shortUse[0].UsedLength, Is.EqualTo(8u));
                Assert.That(shortUse[0].Bytes, Is.EqualTo(sixteen[..8]));
                Assert.That(first.Bytes, Is.EqualTo(sixteen), "every byte was written");
                Assert.That(first.Used.Length, Is.EqualTo(8));
                Assert.That(longUse[0].UsedLength, Is.EqualTo(24u));
                Assert.That(longUse[0].Bytes[8..], Is.All.EqualTo((byte)0), "bytes past the given ones are zero");
                Assert.That(second.EchoRequestId, Is.EqualTo(71u));
                Assert.That(bench.Device.Counters.RequestsSent, Is.EqualTo(2));
            });
        }

        [TestCase(1, (ushort)0, 0u)]
        [TestCase(2, (ushort)9, 0u)]
        [TestCase(7, (ushort)9, 0u)]
        [TestCase(8, (ushort)9, 70u)]
        [Category("FF-DRV-8")]
        public void SendRaw_EchoesOnlyWhatTheUsedBytesHold(int usedLength, ushort echoType, uint echoId)
        {
            var bench = Bench();
            Assert.That(bench.Device.SendRaw(Header(9, 70), (uint)usedLength), Is.EqualTo(SendOutcome.Sent));
            Assert.Multiple(() =>
            {
                Assert.That(bench.Device.RawAwaited!.EchoType, Is.EqualTo(echoType));
                Assert.That(bench.Device.RawAwaited!.EchoRequestId, Is.EqualTo(echoId));
            });
        }

        [Test]
        public void SendRaw_WhileOneAwaits_OrWithAnAwaitedId_IsRefused_AnIdOfZeroIsNot()
        {
            var bench = Bench();
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            Assert.Multiple(() =>
            {
                Assert.That(() => bench.Device.SendRaw(Header(9, status), 16), Throws.InvalidOperationException.With.Message.Contains($"request_id {status}"));
                Assert.That(bench.Device.RawAwaited, Is.Null);
                Assert.That(bench.Device.SendRaw(Header(9, 0), 16), Is.EqualTo(SendOutcome.Sent));
                Assert.That(() => bench.Device.SendRaw(Header(9, 80), 16), Throws.InvalidOperationException.With.Message.Contains("still awaits"));
                Assert.That(bench.Device.RawAwaited!.EchoRequestId, Is.Zero);
            });
        }

        [Test]
        [Category("FF-DEV-6")]
        public void SendRaw_WithoutADriver_IsNoDriver() =>
            Assert.That(new Emulation.FsFreezeDevice().SendRaw(Header(9, 70), 16), Is.EqualTo(SendOutcome.NoDriver));

        [Test]
        public void RawReply_IsTheExactEcho_OrAnythingNotMeantForAnotherAwaitedRequest()
        {
            var bench = Bench();
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            Assert.That(bench.Device.SendRaw(Header(9, 70), 16), Is.EqualTo(SendOutcome.Sent));

            // A reply to the awaited STATUS, exactly a header long, and an EVENT are not the raw request's.
            bench.SendReply(DeviceBench.Reply(RequestType.Status, status));
            bench.SendReply(DeviceBench.Event(EventCode.AutoThawed));
            Assert.Multiple(() =>
            {
                Assert.That(bench.Completed.ConvertAll(c => c.RequestId), Is.EqualTo(new[] { status }));
                Assert.That(bench.Events, Has.Count.EqualTo(1));
                Assert.That(bench.RawReplies, Is.Empty);
                Assert.That(bench.Device.RawAwaited, Is.Not.Null);
            });

            // A header with id 0 and a type that is not an EVENT is.
            byte[] unknown = Header(77, 0, FsFreezeReply.HeaderSize);
            bench.SendReply(unknown);
            Assert.Multiple(() =>
            {
                Assert.That(bench.RawReplies, Has.Count.EqualTo(1));
                Assert.That(bench.RawReplies[0].Message, Is.EqualTo(unknown));
                Assert.That(bench.RawReplies[0].Request.EchoRequestId, Is.EqualTo(70u));
                Assert.That(bench.Device.RawAwaited, Is.Null);
                Assert.That(bench.IgnoredMessages, Is.Empty);
                Assert.That(bench.Device.Counters.ChainsConsumed, Is.EqualTo(3));
            });
        }

        [Test]
        public void RawReply_ShorterThanAHeader_IsTheRawRequests()
        {
            var bench = Bench();
            Assert.That(bench.Device.SendRaw(Header(9, 70), 16), Is.EqualTo(SendOutcome.Sent));
            bench.SendReply([9, 0, 0]);
            Assert.Multiple(() =>
            {
                Assert.That(bench.RawReplies, Has.Count.EqualTo(1));
                Assert.That(bench.RawReplies[0].Message, Is.EqualTo(new byte[] { 9, 0, 0 }));
                Assert.That(bench.Device.Counters.IgnoredTotal, Is.Zero);
            });
        }

        [Test]
        public void RawReply_EchoingTypeButNotId_OfAnAwaitedRequest_IsNotTheRawRequests()
        {
            var bench = Bench();
            Assert.That(bench.Device.SendStatus(out uint status), Is.EqualTo(SendOutcome.Sent));
            Assert.That(bench.Device.SendRaw(Header((ushort)RequestType.Freeze, 70), 16), Is.EqualTo(SendOutcome.Sent));
            bench.SendReply(DeviceBench.Reply(RequestType.Freeze, status));
            Assert.Multiple(() =>
            {
                Assert.That(bench.RawReplies, Is.Empty, "the id is the STATUS's");
                Assert.That(bench.Device.RawAwaited, Is.Not.Null);
            });
        }

        [Test]
        public void RawRequestShapedLikeAnEvent_ItsExactEchoIsItsReply_NotAnEvent()
        {
            // An echo of type EVENT and id 0 would otherwise be an EVENT: only the exact-echo rule claims it.
            var bench = Bench();
            Assert.That(bench.Device.SendRaw(Header((ushort)ReplyType.Event, 0), 16), Is.EqualTo(SendOutcome.Sent));
            bench.SendReply(DeviceBench.Event(EventCode.AutoThawed));
            Assert.Multiple(() =>
            {
                Assert.That(bench.RawReplies, Has.Count.EqualTo(1));
                Assert.That(bench.Events, Is.Empty);
            });
        }

        [Test]
        public void RawRequest_NotAnEcho_EventWithIdZero_IsAnEvent()
        {
            var bench = Bench();
            Assert.That(bench.Device.SendRaw(Header(9, 0), 16), Is.EqualTo(SendOutcome.Sent));
            bench.SendReply(DeviceBench.Event(EventCode.AutoThawed));
            Assert.Multiple(() =>
            {
                Assert.That(bench.RawReplies, Is.Empty);
                Assert.That(bench.Events, Has.Count.EqualTo(1));
            });
        }
    }
}
