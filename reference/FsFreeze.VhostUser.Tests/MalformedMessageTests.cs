using System;
using FsFreeze.VhostUser.Frontend;
using FsFreeze.VhostUser.Native;
using FsFreeze.VhostUser.Protocol;

namespace FsFreeze.VhostUser.Tests
{
    /// <summary>
    /// What a hostile or broken front-end gets: a failing REPLY_ACK status when the message can be answered, the end
    /// of the connection when it cannot; never a crash of the back-end.
    /// </summary>
    public sealed class MalformedMessageTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

        private static InProcessBackend WithReplyAck()
        {
            var backend = new InProcessBackend();
            backend.Frontend.SetOwner();
            backend.Frontend.SetProtocolFeatures(VhostUserFeatures.Mask(VhostUserProtocolFeature.ReplyAck) | VhostUserFeatures.Mask(VhostUserProtocolFeature.Config));
            return backend;
        }

        private static void StillServes(InProcessBackend backend)
        {
            Assert.That(backend.Frontend.GetQueueNum(), Is.EqualTo(2UL), "the connection still works");
            Assert.That(backend.Crash, Is.Null);
        }

        [Test]
        public void UnknownRequest_FailingAck()
        {
            using InProcessBackend backend = WithReplyAck();
            Assert.That(backend.Frontend.Send((VhostUserRequest)99, new byte[3]), Is.Not.Zero);
            StillServes(backend);
        }

        [Test]
        public void SetFeatures_WrongPayloadSize_FailingAck()
        {
            using InProcessBackend backend = WithReplyAck();
            Assert.That(backend.Frontend.Send(VhostUserRequest.SetFeatures, new byte[3]), Is.Not.Zero);
            StillServes(backend);
        }

        [Test]
        public void SetMemTable_WithoutDescriptors_FailingAck()
        {
            using InProcessBackend backend = WithReplyAck();
            Assert.That(backend.Frontend.Send(VhostUserRequest.SetMemTable, MemoryTable.Encode([new MemoryRegionDescription(0, 4096, 0, 0)])), Is.Not.Zero);
            StillServes(backend);
        }

        [Test]
        public void SetMemTable_RegionBeyondItsFile_FailingAck_NoSigbus()
        {
            using InProcessBackend backend = WithReplyAck();
            using FileDescriptor small = MemFd.Create("small", 4096);
            Assert.That(backend.Frontend.SetMemTable([new MemoryRegionDescription(0, 1 << 20, 0, 0)], [small.Fd]), Is.Not.Zero);
            StillServes(backend);
        }

        [Test]
        public void SetVringKick_NoDescriptor_NoFdBitClear_FailingAck()
        {
            using InProcessBackend backend = WithReplyAck();
            Assert.That(backend.Frontend.Send(VhostUserRequest.SetVringKick, new VringFile(0, NoFd: false).ToArray()), Is.Not.Zero);
            StillServes(backend);
        }

        [Test]
        public void RingIndexOutOfRange_FailingAck()
        {
            using InProcessBackend backend = WithReplyAck();
            Assert.That(backend.Frontend.SetVringNum(7, 16), Is.Not.Zero);
            using EventNotifier call = EventNotifier.Create();
            Assert.That(backend.Frontend.SetVringCall(200, call.Descriptor.Fd), Is.Not.Zero);
            StillServes(backend);
        }

        [Test]
        public void SecondSetOwner_FailingAck()
        {
            using InProcessBackend backend = WithReplyAck();
            Assert.That(backend.Frontend.SetOwner(), Is.Not.Zero);
            StillServes(backend);
        }

        [Test]
        public void GetConfig_OutsideTheConfiguration_ZeroSizeReply()
        {
            using InProcessBackend backend = WithReplyAck();
            Assert.That(backend.Frontend.GetConfig(8, 8), Is.Null, "12-byte configuration, 8 bytes at 8");
            StillServes(backend);
        }

        [Test]
        public void SetVringBase_NonZero_FailingAck()
        {
            using InProcessBackend backend = WithReplyAck();
            Assert.That(backend.Frontend.SetVringBase(0, 5), Is.Not.Zero);
            StillServes(backend);
        }

        [Test]
        public void GetFeatures_WithAPayload_ClosesTheConnection()
        {
            using InProcessBackend backend = WithReplyAck();
            backend.Channel.Send(VhostUserHeader.ForRequest((uint)VhostUserRequest.GetFeatures, 4, needReply: false), new byte[4]);
            Assert.That(backend.WaitClosed(Wait), Is.True);
            Assert.That(backend.Crash, Is.Null);
        }

        [Test]
        public void WrongVersion_ClosesTheConnection()
        {
            using InProcessBackend backend = WithReplyAck();
            backend.Channel.Send(new VhostUserHeader((uint)VhostUserRequest.GetFeatures, 2, 0), ReadOnlySpan<byte>.Empty);
            Assert.That(backend.WaitClosed(Wait), Is.True);
            Assert.That(backend.Crash, Is.Null);
        }

        [Test]
        public void OversizedMessage_ClosesTheConnection()
        {
            using InProcessBackend backend = WithReplyAck();
            backend.Channel.Send(new VhostUserHeader((uint)VhostUserRequest.SetMemTable, 1, 1 << 20), ReadOnlySpan<byte>.Empty);
            Assert.That(backend.WaitClosed(Wait), Is.True);
            Assert.That(backend.Log, Has.Some.Contains("oversized"));
            Assert.That(backend.Crash, Is.Null);
        }

        [Test]
        public void TruncatedMessage_ClosesTheConnection()
        {
            using InProcessBackend backend = WithReplyAck();
            backend.Channel.Send(VhostUserHeader.ForRequest((uint)VhostUserRequest.SetFeatures, 8, needReply: true), new byte[2]);
            backend.Channel.Dispose();
            Assert.That(backend.WaitClosed(Wait), Is.True);
            Assert.That(backend.Crash, Is.Null);
        }

        [Test]
        public void EightDescriptorsWhereOneIsExpected_FailingAck()
        {
            using InProcessBackend backend = WithReplyAck();
            var notifiers = new EventNotifier[8];
            int[] fds = new int[8];
            for (int i = 0; i < 8; i++)
            {
                notifiers[i] = EventNotifier.Create();
                fds[i] = notifiers[i].Descriptor.Fd;
            }

            // A ring descriptor message carries exactly one; the message owns them all and closes them when handled.
            Assert.That(backend.Frontend.Send(VhostUserRequest.SetVringErr, new VringFile(0, NoFd: false).ToArray(), fds), Is.Not.Zero);
            StillServes(backend);
            foreach (EventNotifier n in notifiers)
            {
                n.Dispose();
            }
        }
    }
}
