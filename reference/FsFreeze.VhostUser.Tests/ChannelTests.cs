using System;
using System.Diagnostics;
using FsFreeze.VhostUser.Native;
using FsFreeze.VhostUser.Protocol;
using FsFreeze.VhostUser.Transport;

namespace FsFreeze.VhostUser.Tests
{
    /// <summary>The socket channel: descriptors travel with their message, and no peer can make a read hang.</summary>
    public sealed class ChannelTests
    {
        private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

        [Test]
        public void MessageWithTwoMemfds_ArrivesWithBoth_AndTheMemoryIsShared()
        {
            (VhostUserChannel a, VhostUserChannel b) = VhostUserChannel.CreatePair();
            using (a)
            using (b)
            using (FileDescriptor first = MemFd.Create("a", 4096))
            using (FileDescriptor second = MemFd.Create("b", 4096))
            using (SharedMapping mine = SharedMapping.Map(second, 4096))
            {
                a.Send(VhostUserHeader.ForRequest(5, 3, needReply: false), new byte[] { 1, 2, 3 }, [first.Fd, second.Fd]);
                using VhostUserMessage? message = b.Receive(Short);
                Assert.That(message, Is.Not.Null);
                Assert.That((message!.FdCount, message.Payload), Is.EqualTo((2, new byte[] { 1, 2, 3 })));
                using FileDescriptor received = message.TakeFd(1)!;
                using SharedMapping theirs = SharedMapping.Map(received, 4096);
                mine.Slice(0, 4096).Span[100] = 0x5A;
                Assert.That(theirs.Slice(0, 4096).Span[100], Is.EqualTo(0x5A), "same pages through the passed descriptor");
            }
        }

        [Test]
        public void SilentPeer_TimesOut_WithAClearError()
        {
            (VhostUserChannel a, VhostUserChannel b) = VhostUserChannel.CreatePair();
            using (a)
            using (b)
            {
                var clock = Stopwatch.StartNew();
                var e = Assert.Throws<VhostUserException>(() => b.Receive(Short));
                Assert.That(e!.Message, Does.Contain("timed out"));
                Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
            }
        }

        [Test]
        public void TruncatedMessage_IsAnError_NotAHang()
        {
            (VhostUserChannel a, VhostUserChannel b) = VhostUserChannel.CreatePair();
            using (b)
            {
                byte[] header = new byte[VhostUserHeader.Size];
                VhostUserHeader.ForRequest(2, 8, needReply: false).Encode(header);
                a.Send(VhostUserHeader.ForRequest(2, 8, needReply: false), new byte[3]);
                a.Dispose();
                var e = Assert.Throws<VhostUserException>(() => b.Receive(Short));
                Assert.That(e!.Message, Does.Contain("closed in the middle"));
            }
        }

        [Test]
        public void HeaderPromisingAHugePayload_IsRefusedBeforeReadingIt()
        {
            (VhostUserChannel a, VhostUserChannel b) = VhostUserChannel.CreatePair();
            using (a)
            using (b)
            {
                a.Send(new VhostUserHeader(2, 1, 1 << 30), ReadOnlySpan<byte>.Empty);
                var e = Assert.Throws<VhostUserException>(() => b.Receive(Short));
                Assert.That(e!.Message, Does.Contain("oversized"));
            }
        }

        [Test]
        public void CleanClose_BetweenMessages_IsNull()
        {
            (VhostUserChannel a, VhostUserChannel b) = VhostUserChannel.CreatePair();
            using (b)
            {
                a.Dispose();
                Assert.That(b.Receive(Short), Is.Null);
            }
        }

        [Test]
        public void EventNotifier_SignalThenConsumeOnce()
        {
            using EventNotifier notifier = EventNotifier.Create();
            Assert.That(notifier.TryConsume(), Is.False);
            notifier.Signal();
            notifier.Signal();
            Assert.That(notifier.TryConsume(), Is.True);
            Assert.That(notifier.TryConsume(), Is.False, "the counter is read as a whole");
        }
    }
}
