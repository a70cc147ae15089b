using System;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Protocol.Tests
{
    /// <summary>Internal details of the decoders: echo fields, status mapping, awaited slots, tallies, selector accessors.</summary>
    public sealed class DecoderDetailTests
    {
        [TestCase(0, (ushort)0, 0u)]
        [TestCase(1, (ushort)0, 0u)]
        [TestCase(2, (ushort)3, 0u)]
        [TestCase(7, (ushort)3, 0u)]
        [TestCase(8, (ushort)3, 0x44332211u)]
        public void ShortRequest_EchoesWhatItHolds(int length, ushort type, uint id)
        {
            byte[] bytes = FsFreezeRequest.Status(0x44332211).ToArray();
            RequestDecodeResult result = FsFreezeRequest.TryDecode(bytes.AsSpan(0, length), 0, uint.MaxValue, out _);
            Assert.Multiple(() =>
            {
                Assert.That(result.Problem, Is.EqualTo(RequestProblem.TooShort));
                Assert.That(result.EchoType, Is.EqualTo(type));
                Assert.That(result.EchoRequestId, Is.EqualTo(id));
            });
        }

        [Test]
        public void Status_MapsEveryProblem()
        {
            foreach (RequestProblem problem in Enum.GetValues<RequestProblem>())
            {
                ReplyStatus expected = problem switch
                {
                    RequestProblem.None => ReplyStatus.Ok,
                    RequestProblem.SelectorsWithoutSelective or RequestProblem.NoticeWithoutAppNotice => ReplyStatus.Unsupported,
                    _ => ReplyStatus.Invalid,
                };
                Assert.That(new RequestDecodeResult(problem, 0, 0).Status, Is.EqualTo(expected), problem.ToString());
            }
        }

        [Test]
        public void HugeSelectorCount_IsRefusedBeforeAllocating()
        {
            byte[] bytes = new FsFreezeRequest { Type = RequestType.Freeze, RequestId = 1, DeadlineMs = 10 }.ToArray();
            bytes[FsFreezeRequest.SelectorCountOffset] = 0xff;
            bytes[FsFreezeRequest.SelectorCountOffset + 1] = 0xff;
            long before = GC.GetAllocatedBytesForCurrentThread();
            RequestDecodeResult result = FsFreezeRequest.TryDecode(bytes, FsFreezeFeature.KnownMask, uint.MaxValue, out _);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Multiple(() =>
            {
                Assert.That(result.Problem, Is.EqualTo(RequestProblem.SelectorsBeyondLength));
                Assert.That(allocated, Is.Zero);
            });
        }

        [Test]
        [Category("FF-DRV-11")]
        public void SelectorCountBeyondTheUsedLength_IsRefusedAsSuch_BeforeAnySelectorIsRead()
        {
            // 1000 selectors of at least 8 bytes cannot follow a 16-byte header in 4096 bytes; the count is refused
            // from the length alone, before the zero bytes where the first selector would be (an unknown kind).
            byte[] bytes = new byte[4096];
            new FsFreezeRequest { Type = RequestType.Freeze, RequestId = 1, DeadlineMs = 10 }.ToArray().CopyTo(bytes, 0);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(FsFreezeRequest.SelectorCountOffset), 1000);
            long before = GC.GetAllocatedBytesForCurrentThread();
            RequestDecodeResult result = FsFreezeRequest.TryDecode(bytes, FsFreezeFeature.KnownMask, uint.MaxValue, out _);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Multiple(() =>
            {
                Assert.That(result.Problem, Is.EqualTo(RequestProblem.SelectorsBeyondLength));
                Assert.That(allocated, Is.Zero, "no selector array for a count the length cannot hold");
            });
        }

        [Test]
        [Category("FF-DEV-12")]
        public void ReplyWithSeveralEntries_DecodesEachFromItsOwnSlot()
        {
            SuperblockEntry[] entries =
            [
                new SuperblockEntry { DevMajor = 8, DevMinor = 1, Result = EntryResult.Frozen, FsType = "ext4" },
                new SuperblockEntry { DevMajor = 8, DevMinor = 2, Result = EntryResult.Frozen, FsType = "xfs" },
                new SuperblockEntry { DevMajor = 254, DevMinor = 3, Result = EntryResult.Frozen, FsType = "btrfs" },
            ];
            var reply = new FsFreezeReply { Type = ReplyType.Freeze, Status = ReplyStatus.Ok, RequestId = 9, State = GuestFreezeState.Frozen, FrozenCount = 3 }.WithEntries(entries);
            Assert.That(FsFreezeReply.TryDecode(reply.ToArray(), out FsFreezeReply decoded), Is.True);
            Assert.That(decoded.Entries, Is.EqualTo(entries), "every entry, in order, each from its own 32 bytes");
        }

        [Test]
        public void Entry_IntoADestinationShorterThan32Bytes_IsRefused_WithNothingWritten()
        {
            var entry = new SuperblockEntry { DevMajor = 8, DevMinor = 1, Result = EntryResult.Frozen, FsType = "ext4" };
            byte[] shortDestination = new byte[SuperblockEntry.Size - 1];
            byte[] exact = new byte[SuperblockEntry.Size];
            Assert.Multiple(() =>
            {
                Assert.That(entry.TryEncode(shortDestination), Is.False);
                Assert.That(shortDestination, Is.All.Zero, "nothing written");
                Assert.That(entry.TryEncode(exact), Is.True);
                Assert.That(exact, Is.Not.All.Zero);
            });
        }

        [Test]
        public void AwaitedRequests_MatchBySlot_AndNeverMatchZero()
        {
            AwaitedRequests awaited = AwaitedRequests.None.WithControl(RequestType.Thaw, 5).WithStatus(6);
            Assert.Multiple(() =>
            {
                Assert.That(awaited.TryMatch(5, out RequestType control), Is.True);
                Assert.That(control, Is.EqualTo(RequestType.Thaw));
                Assert.That(awaited.TryMatch(6, out RequestType status), Is.True);
                Assert.That(status, Is.EqualTo(RequestType.Status));
                Assert.That(awaited.TryMatch(7, out _), Is.False);
                Assert.That(awaited.TryMatch(0, out _), Is.False);
                Assert.That(AwaitedRequests.None.TryMatch(0, out _), Is.False);
                Assert.That(awaited.WithControl(RequestType.Thaw, 0).TryMatch(5, out _), Is.False, "0 clears the slot");
                Assert.That(awaited.WithStatus(0).TryMatch(6, out _), Is.False);
            });
        }

        [Test]
        public void Tally_CountsRolledBackAsThawed_AndBothSkipsAsSkipped()
        {
            var tally = default(EntryTally);
            foreach (EntryResult result in Enum.GetValues<EntryResult>())
            {
                tally.Add(result);
            }

            Assert.Multiple(() =>
            {
                Assert.That(tally.Frozen, Is.EqualTo(1));
                Assert.That(tally.Thawed, Is.EqualTo(2));
                Assert.That(tally.Skipped, Is.EqualTo(2));
                Assert.That(tally.Failed, Is.EqualTo(1));
            });
        }

        [Test]
        public void Tally_FrozenCountMayExceedFrozenEntries_OnlyWhenNotListed()
        {
            var tally = default(EntryTally);
            tally.Add(EntryResult.Failed);
            var header = new FsFreezeReply { FrozenCount = 1, FailedCount = 1 };
            Assert.Multiple(() =>
            {
                Assert.That(tally.Contradicts(header, complete: true, frozenListed: false), Is.False);
                Assert.That(tally.Contradicts(header, complete: true, frozenListed: true), Is.True);
                Assert.That(tally.Contradicts(header with { FailedCount = 0 }, complete: false, frozenListed: false), Is.True, "never more entries than the count");
            });
        }

        [Test]
        public void Selector_AccessorsOnlyAnswerForTheirKind()
        {
            Selector device = Selector.Device(253, 1);
            Selector path = Selector.MountPath("/srv");
            var shortDevice = new Selector(SelectorKind.Device, new byte[4]);
            Assert.Multiple(() =>
            {
                Assert.That((device.Major, device.Minor, device.Path), Is.EqualTo((253u, 1u, string.Empty)));
                Assert.That((path.Major, path.Minor, path.Path), Is.EqualTo((0u, 0u, "/srv")));
                Assert.That((shortDevice.Major, shortDevice.Minor), Is.EqualTo((0u, 0u)));
                Assert.That(device.EncodedLength, Is.EqualTo(16));
                Assert.That(path.EncodedLength, Is.EqualTo(8));
            });
        }

        [Test]
        public void FramingDecoder_RefusesEntriesBeyondTheBytes_AndTakesAnyFieldValue()
        {
            byte[] bytes = new FsFreezeReply { Type = (ReplyType)77, Status = (ReplyStatus)99, Entries = [new SuperblockEntry { FsType = "xfs" }] }.ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(FsFreezeReply.TryDecode(bytes, out FsFreezeReply reply), Is.True);
                Assert.That((reply.Type, reply.Status, reply.EntryCount), Is.EqualTo(((ReplyType)77, (ReplyStatus)99, 1)));
                Assert.That(FsFreezeReply.TryDecode(bytes.AsSpan(0, bytes.Length - 1), out _), Is.False);
                Assert.That(FsFreezeReply.TryDecode(bytes.AsSpan(0, 47), out _), Is.False);
            });
        }
    }
}
