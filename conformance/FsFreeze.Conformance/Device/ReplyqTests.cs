using System;
using FsCheck;
using FsCheck.Fluent;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Device.Host;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Conformance.Device
{
    /// <summary>How the device consumes replyq: FF-DEV-9, FF-DEV-10, FF-DEV-11 (duplicates), FF-DEV-14.</summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.Devices))]
    public sealed class ReplyqTests
    {
        private readonly IDeviceImplementation _implementation;

        public ReplyqTests(IDeviceImplementation implementation) => _implementation = implementation;

        private static byte[] StatusReply(uint id) =>
            new FsFreezeReply { Type = ReplyType.Status, RequestId = id, State = GuestFreezeState.Thawed }.ToArray();

        [Test]
        [Requirement("FF-DEV-9")]
        [Requirement("FF-INIT-7")]
        public void WritableReplyBuffer_DeviceNeedsResetWithConfigInterrupt()
        {
            var bench = new GuestBench(_implementation).Start();
            HostOperation status = bench.Host.Status();
            bench.TakeRequests();
            int raised = bench.Line.Count;
            bench.SendReplyChain([48], [16], StatusReply(status.RequestId));
            Assert.Multiple(() =>
            {
                Assert.That(bench.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.DeviceNeedsReset));
                Assert.That(bench.Line.Count, Is.GreaterThan(raised));
                Assert.That(bench.Line.Last & MmioInterrupt.ConfigurationChange, Is.EqualTo(MmioInterrupt.ConfigurationChange));
                Assert.That(status.Result.Kind, Is.EqualTo(HostResultKind.NoDriver), "the awaited STATUS can never be answered");
                Assert.That(bench.ReclaimReplies(), Is.Empty, "the chain is not used");
            });
        }

        [Test]
        [Requirement("FF-DEV-10")]
        public void EveryReplyChain_UsedWithLengthZero()
        {
            var bench = new GuestBench(_implementation).Start();
            HostOperation status = bench.Host.Status();
            bench.TakeRequests();
            bench.SendReply([1, 2, 3]);
            bench.SendReply(new byte[200]);
            bench.SendReplyChain([20, 28, 8], [], StatusReply(status.RequestId));
            var used = bench.ReclaimReplies();
            Assert.Multiple(() =>
            {
                Assert.That(used, Has.Count.EqualTo(3));
                Assert.That(used.ConvertAll(u => u.Length), Has.All.EqualTo(0u));
                Assert.That(status.Result.Kind, Is.EqualTo(HostResultKind.Completed), "a reply split over buffers is whole");
            });
        }

        [Test]
        [Requirement("FF-DEV-10")]
        [Requirement("FF-DEV-14")]
        public void HugeReplyChain_ReadOnlyUpToTheBound()
        {
            var bench = new GuestBench(_implementation).Start();
            HostOperation status = bench.Host.Status();
            bench.TakeRequests();
            byte[] reply = StatusReply(status.RequestId);
            bench.SendReplyChain([(uint)reply.Length, 1 << 20], [], reply);
            Assert.Multiple(() =>
            {
                Assert.That(status.Result.Kind, Is.EqualTo(HostResultKind.Completed));
                Assert.That(bench.ReclaimReplies(), Has.Count.EqualTo(1));
            });
        }

        [Test]
        [Requirement("FF-DEV-11")]
        public void DuplicateReply_IgnoredAndCounted()
        {
            var bench = new GuestBench(_implementation).Start();
            HostOperation status = bench.Host.Status();
            bench.TakeRequests();
            byte[] reply = StatusReply(status.RequestId);
            bench.SendReply(reply);
            HostResult first = status.Result;
            bench.SendReply(reply);
            Assert.Multiple(() =>
            {
                Assert.That(first.Kind, Is.EqualTo(HostResultKind.Completed));
                Assert.That(status.Result, Is.SameAs(first), "completed once");
                Assert.That(bench.Endpoint.Counters.Ignored(ReplyIgnoredReason.UnknownRequestId), Is.EqualTo(1));
                Assert.That(bench.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.None));
            });
        }

        [Test]
        [Requirement("FF-DEV-14")]
        public void RandomReplyBytes_NeverThrowNorBreakTheDevice()
        {
            Property property = Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
            {
                var random = new Random(seed);
                var bench = new GuestBench(_implementation).Start();
                HostOperation freeze = bench.Host.Freeze(1000);
                HostOperation status = bench.Host.Status();
                bench.TakeRequests();
                for (int i = 0; i < 8; i++)
                {
                    byte[] bytes = new byte[random.Next(1, 400)];
                    random.NextBytes(bytes);
                    if (random.Next(2) == 0 && bytes.Length >= 8)
                    {
                        // Aim at an awaited request half of the time so the deeper checks run.
                        BitConverter.TryWriteBytes(bytes.AsSpan(4), random.Next(2) == 0 ? freeze.RequestId : status.RequestId);
                        BitConverter.TryWriteBytes(bytes.AsSpan(0), (ushort)random.Next(1, 4));
                    }

                    bench.SendReply(bytes);
                }

                bool healthy = (bench.Status & DeviceStatus.DeviceNeedsReset) == 0;
                bool allUsed = bench.ReclaimReplies().TrueForAll(u => u.Length == 0) && bench.UsedReplies.Count == 8;
                if (!healthy || !allUsed)
                {
                    throw new InvalidOperationException($"seed {seed}: healthy {healthy}, all used with length 0 {allUsed}");
                }
            });
            Seeds.Check(property, 100);
        }
    }
}
