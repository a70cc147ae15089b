using System;
using System.Buffers.Binary;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Protocol.Tests
{
    /// <summary>
    /// Boundary cases the mutation run found untested (tools/mutation/FsFreeze.Protocol-survivors.md): the last
    /// defined status and state, a message of exactly its minimal size, the u16 limits, refusals that carry counts,
    /// and null arguments.
    /// </summary>
    public sealed class BoundaryTests
    {
        private const ulong SbDetail = 1UL << FsFreezeFeature.SbDetail;
        private const uint MaxEntries = 16;

        private static ReplyVerdict Validate(FsFreezeReply reply, RequestType awaited, ulong features = SbDetail) =>
            ReplyValidation.Validate(reply.ToArray(), features, MaxEntries,
                awaited == RequestType.Status ? AwaitedRequests.None.WithStatus(reply.RequestId) : AwaitedRequests.None.WithControl(awaited, reply.RequestId));

        private static SuperblockEntry Entry(EntryResult result) =>
            new() { DevMajor = 8, DevMinor = 1, Result = result, Error = result == EntryResult.Failed ? 5u : 0u, FsType = "ext4" };

        [Test]
        [Category("FF-DEV-12")]
        public void LastDefinedStatusAndState_AreAccepted()
        {
            // DEADLINE and THAWING are the last values of their enumerations: the "unknown value" checks start above them.
            var reply = new FsFreezeReply { Type = ReplyType.Status, Status = ReplyStatus.Deadline, RequestId = 9, State = GuestFreezeState.Thawing };
            ReplyVerdict verdict = Validate(reply, RequestType.Status);
            Assert.That(verdict.Kind, Is.EqualTo(ReplyVerdictKind.Accepted), verdict.Problem.ToString());
        }

        [TestCase(ReplyStatus.Busy)]
        [TestCase(ReplyStatus.Invalid)]
        [TestCase(ReplyStatus.Unsupported)]
        [TestCase(ReplyStatus.AlreadyFrozen)]
        [Category("FF-DEV-12")]
        public void Refusal_WithCountsButNoEntries_IsAccepted(ReplyStatus status)
        {
            // A refusal acted on nothing, so its entry list is never "complete": counts above the entries are fine.
            var reply = new FsFreezeReply { Type = ReplyType.Freeze, Status = status, RequestId = 3, State = GuestFreezeState.Frozen, FrozenCount = 2 };
            ReplyVerdict verdict = Validate(reply, RequestType.Freeze);
            Assert.That(verdict.Kind, Is.EqualTo(ReplyVerdictKind.Accepted), verdict.Problem.ToString());
        }

        [Test]
        [Category("FF-DEV-12")]
        public void OkThaw_WithoutFailures_MustListWhatStaysFrozen()
        {
            // frozen_count is checked against the entries when nothing failed, whatever the reply type.
            var reply = new FsFreezeReply { Type = ReplyType.Thaw, Status = ReplyStatus.Ok, RequestId = 4, State = GuestFreezeState.Frozen, FrozenCount = 1 };
            ReplyVerdict verdict = Validate(reply, RequestType.Thaw);
            Assert.Multiple(() =>
            {
                Assert.That(verdict.Kind, Is.EqualTo(ReplyVerdictKind.ProtocolError));
                Assert.That(verdict.Problem, Is.EqualTo(ReplyProblem.EntriesContradictCounts));
            });
        }

        [TestCase(EntryResult.Frozen)]
        [TestCase(EntryResult.Thawed)]
        [TestCase(EntryResult.SkippedUnfreezable)]
        [TestCase(EntryResult.Failed)]
        public void Tally_EntriesAboveOneCount_Contradict_EvenWhenIncomplete(EntryResult result)
        {
            var tally = default(EntryTally);
            tally.Add(result);
            var header = new FsFreezeReply
            {
                FrozenCount = result == EntryResult.Frozen ? 0u : 1u,
                ThawedCount = result == EntryResult.Thawed ? 0u : 1u,
                SkippedCount = result == EntryResult.SkippedUnfreezable ? 0u : 1u,
                FailedCount = result == EntryResult.Failed ? 0u : 1u,
            };
            Assert.That(tally.Contradicts(header, complete: false, frozenListed: true), Is.True);
        }

        [Test]
        public void Reply_OfExactlyTheHeader_Decodes()
        {
            byte[] bytes = new FsFreezeReply { Type = ReplyType.Status, RequestId = 1 }.ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(bytes, Has.Length.EqualTo(FsFreezeReply.HeaderSize));
                Assert.That(FsFreezeReply.TryDecode(bytes, out FsFreezeReply reply), Is.True);
                Assert.That(reply.RequestId, Is.EqualTo(1));
                Assert.That(FsFreezeReply.TryDecode(bytes.AsSpan(0, FsFreezeReply.HeaderSize - 1), out _), Is.False);
            });
        }

        [Test]
        public void Reply_NullEntries_MeanNone()
        {
            var reply = new FsFreezeReply { Type = ReplyType.Freeze, Entries = null! };
            Assert.Multiple(() =>
            {
                Assert.That(reply.EntryCount, Is.Zero);
                Assert.That(reply.Entries, Is.Empty);
            });
        }

        [Test]
        public void Reply_WithEntries_TooSmallDestination_IsRefused()
        {
            var reply = new FsFreezeReply { Type = ReplyType.Freeze, FrozenCount = 1, Entries = new[] { Entry(EntryResult.Frozen) } };
            byte[] small = new byte[reply.EncodedLength - 1];
            Assert.Multiple(() =>
            {
                Assert.That(reply.TryEncode(small, out int written), Is.False);
                Assert.That(written, Is.Zero);
                Assert.That(reply.TryEncode(new byte[reply.EncodedLength], out written), Is.True);
                Assert.That(written, Is.EqualTo(reply.EncodedLength));
            });
        }

        [Test]
        public void NullArguments_AreArgumentNullExceptions()
        {
            Assert.Multiple(() =>
            {
                Assert.That(() => new SuperblockEntry { FsType = null! }, Throws.TypeOf<ArgumentNullException>());
                Assert.That(() => Selector.MountPath(null!), Throws.TypeOf<ArgumentNullException>());
            });
        }

        [Test]
        public void CopyFsType_IntoShortDestination_IsRefused()
        {
            SuperblockEntry entry = Entry(EntryResult.Frozen);
            byte[] exact = new byte[SuperblockEntry.FsTypeSize];
            entry.CopyFsTypeTo(exact);
            Assert.Multiple(() =>
            {
                Assert.That(() => entry.CopyFsTypeTo(new byte[SuperblockEntry.FsTypeSize - 1]), Throws.TypeOf<ArgumentException>());
                Assert.That(exact, Is.EqualTo(new byte[] { (byte)'e', (byte)'x', (byte)'t', (byte)'4', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }));
            });
        }

        [Test]
        public void Request_SelectorCount_IsBoundedByU16()
        {
            var device = Selector.Device(8, 1);
            var most = new Selector[ushort.MaxValue];
            Array.Fill(most, device);
            var tooMany = new Selector[ushort.MaxValue + 1];
            Array.Fill(tooMany, device);
            FsFreezeRequest fits = FsFreezeRequest.Freeze(1, 1000, 0, most);
            FsFreezeRequest over = FsFreezeRequest.Freeze(1, 1000, 0, tooMany);
            Assert.Multiple(() =>
            {
                Assert.That(fits.TryEncode(new byte[fits.EncodedLength], out int written), Is.True);
                Assert.That(written, Is.EqualTo(fits.EncodedLength));
                Assert.That(over.TryEncode(new byte[over.EncodedLength], out _), Is.False);
            });
        }

        [Test]
        public void Request_WithASelectorTooLongForU16_IsRefused()
        {
            // The request fits its destination, but the selector's length cannot be written in its u16 field.
            FsFreezeRequest request = FsFreezeRequest.Freeze(1, 1000, 0, new Selector(SelectorKind.MountPath, new byte[ushort.MaxValue + 1]));
            Assert.Multiple(() =>
            {
                Assert.That(request.TryEncode(new byte[request.EncodedLength], out int written), Is.False);
                Assert.That(written, Is.Zero);
            });
        }

        [Test]
        public void Selector_PayloadOfExactlyU16Max_IsEncoded()
        {
            var selector = new Selector(SelectorKind.MountPath, new byte[ushort.MaxValue]);
            byte[] buffer = new byte[selector.EncodedLength];
            Assert.Multiple(() =>
            {
                Assert.That(selector.TryEncode(buffer, out int written), Is.True);
                Assert.That(written, Is.EqualTo(selector.EncodedLength));
                Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(Selector.LengthOffset)), Is.EqualTo(ushort.MaxValue));
            });
        }

        [Test]
        [Category("FF-DRV-11")]
        public void Selector_OfExactlyItsHeader_IsJudgedByKind()
        {
            // Two selectors pass the 8-bytes-each pre-check, but the first takes 16 bytes and leaves the second only
            // its 4-byte header: an unknown kind is reported as such, not as running past the length.
            byte[] bytes = FsFreezeRequest.Freeze(1, 1000, 0, Selector.MountPath("/srv/abc"), Selector.Device(8, 1)).ToArray();
            byte[] cut = bytes.AsSpan(0, FsFreezeRequest.SelectorsOffset + 16 + Selector.PayloadOffset).ToArray();
            BinaryPrimitives.WriteUInt16LittleEndian(cut.AsSpan(FsFreezeRequest.SelectorsOffset + 16 + Selector.KindOffset), 7);
            RequestDecodeResult result = FsFreezeRequest.TryDecode(cut, FsFreezeFeature.KnownMask, uint.MaxValue, out _);
            Assert.That(result.Problem, Is.EqualTo(RequestProblem.SelectorUnknownKind));
        }

        [Test]
        [Category("FF-DRV-11")]
        public void MountPath_StartingWithNul_IsRefused()
        {
            byte[] bytes = FsFreezeRequest.Freeze(1, 1000, 0, new Selector(SelectorKind.MountPath, new byte[] { 0, (byte)'/', (byte)'a' })).ToArray();
            RequestDecodeResult result = FsFreezeRequest.TryDecode(bytes, FsFreezeFeature.KnownMask, uint.MaxValue, out _);
            Assert.That(result.Problem, Is.EqualTo(RequestProblem.SelectorPathNotAbsolute));
        }
    }
}
