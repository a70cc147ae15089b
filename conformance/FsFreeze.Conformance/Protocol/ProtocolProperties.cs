using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsFreeze.Conformance.Framework;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.Protocol
{
    /// <summary>
    /// Properties of the codec over random messages (pinned seed, <see cref="Seeds"/>): valid messages round-trip
    /// bit-exactly, arbitrary bytes never make a decoder throw or read outside its span, and a cut message is
    /// never accepted.
    /// </summary>
    public sealed class ProtocolProperties
    {
        private static Arbitrary<int> SeedArb => Seeds.IntegerSeeds;

        [Test]
        [Requirement("FF-DRV-11")]
        [Requirement("FF-DRV-12")]
        public void RandomValidRequests_DecodeToThemselves()
        {
            Property property = Prop.ForAll(SeedArb, seed =>
            {
                (FsFreezeRequest request, ulong features) = RandomMessages.Request(new Random(seed));
                byte[] bytes = request.ToArray();
                RequestDecodeResult result = FsFreezeRequest.TryDecode(bytes, features, uint.MaxValue, out FsFreezeRequest decoded);
                Seeds.Require(result.IsValid, $"refused: {result}");
                Seeds.Require(decoded.ToArray().AsSpan().SequenceEqual(bytes), "re-encoding differs");
                Seeds.Require(decoded.Type == request.Type && decoded.RequestId == request.RequestId && decoded.DeadlineMs == request.DeadlineMs && decoded.NoticeMs == request.NoticeMs, "header differs");
                Seeds.Require(decoded.Selectors.Select(s => s.Path + s.Major + ":" + s.Minor).SequenceEqual(request.Selectors.Select(s => s.Path + s.Major + ":" + s.Minor)), "selectors differ");
            });
            Seeds.Check(property, 2000);
        }

        [Test]
        [Requirement("FF-DRV-34")]
        public void RandomValidFreeze_IsInvalidJustBelowItsDeadline_AndUnchangedAtIt()
        {
            Property property = Prop.ForAll(SeedArb, seed =>
            {
                (FsFreezeRequest request, ulong features) = RandomMessages.Request(new Random(seed));
                if (request.Type != RequestType.Freeze)
                {
                    return;
                }

                byte[] bytes = request.ToArray();
                RequestDecodeResult below = FsFreezeRequest.TryDecode(bytes, features, request.DeadlineMs - 1, out FsFreezeRequest refused);
                RequestDecodeResult at = FsFreezeRequest.TryDecode(bytes, features, request.DeadlineMs, out FsFreezeRequest decoded);
                Seeds.Require(below.Problem == RequestProblem.FreezeDeadlineAboveMax && below.Status == ReplyStatus.Invalid, $"max {request.DeadlineMs - 1}: {below}");
                Seeds.Require(refused.Type == default(RequestType), "a refused request decodes to nothing");
                Seeds.Require(below.EchoRequestId == request.RequestId, "the refusal echoes request_id (FF-DRV-8)");
                Seeds.Require(at.IsValid && decoded.ToArray().AsSpan().SequenceEqual(bytes), $"max {request.DeadlineMs}: {at}");
            });
            Seeds.Check(property, 2000);
        }

        [Test]
        [Requirement("FF-DEV-12")]
        [Requirement("FF-DEV-13")]
        public void RandomValidReplies_AreAcceptedAsThemselves()
        {
            Property property = Prop.ForAll(SeedArb, seed =>
            {
                ReplyInContext c = RandomMessages.Reply(new Random(seed));
                byte[] bytes = c.Reply.ToArray();
                ReplyVerdict verdict = ReplyValidation.Validate(bytes, c.Features, c.MaxEntries, c.Awaited);
                Seeds.Require(verdict.IsAccepted, $"not accepted: {verdict}");
                Seeds.Require(verdict.Reply.ToArray().AsSpan().SequenceEqual(bytes), "re-encoding differs");
                Seeds.Require(verdict.Reply.Entries.Select(e => e.FsType).SequenceEqual(c.Reply.Entries.Select(e => e.FsType)), "fs_type differs");
                Seeds.Require(FsFreezeReply.TryDecode(bytes, out FsFreezeReply framed) && framed.ToArray().AsSpan().SequenceEqual(bytes), "framing decode differs");
            });
            Seeds.Check(property, 3000);
        }

        [Test]
        [Requirement("FF-DRV-11")]
        [Requirement("FF-DEV-14")]
        public void ArbitraryBytes_NeverThrow_AndOnlyTheSpanMatters()
        {
            Property property = Prop.ForAll(SeedArb, seed =>
            {
                var random = new Random(seed);
                byte[] message = ArbitraryMessage(random);

                // The message sits inside a larger buffer; rewriting everything around it must not change any
                // outcome, so no decoder looked outside the span it was given.
                byte[] buffer = new byte[message.Length + 64];
                random.NextBytes(buffer);
                message.CopyTo(buffer, 32);
                string first = Outcomes(buffer.AsSpan(32, message.Length));
                random.NextBytes(buffer.AsSpan(0, 32));
                random.NextBytes(buffer.AsSpan(32 + message.Length));
                string second = Outcomes(buffer.AsSpan(32, message.Length));
                Seeds.Require(first == second && second == Outcomes(message), "an outcome depends on bytes outside the span");
            });
            Seeds.Check(property, 4000);
        }

        [Test]
        [Requirement("FF-DRV-11")]
        [Requirement("FF-DEV-11")]
        [Requirement("FF-DEV-12")]
        public void CutMessages_AreNeverAccepted()
        {
            Property property = Prop.ForAll(SeedArb, seed =>
            {
                var random = new Random(seed);
                (FsFreezeRequest request, ulong requestFeatures) = RandomMessages.Request(random);
                byte[] requestBytes = request.ToArray();
                for (int length = 0; length < requestBytes.Length; length++)
                {
                    RequestDecodeResult result = FsFreezeRequest.TryDecode(requestBytes.AsSpan(0, length), requestFeatures, uint.MaxValue, out _);
                    Seeds.Require(result.Status == ReplyStatus.Invalid, $"request cut to {length} of {requestBytes.Length}: {result}");
                    Seeds.Require(result.Problem == (length < FsFreezeRequest.HeaderSize ? RequestProblem.TooShort : RequestProblem.SelectorsBeyondLength), $"request cut to {length}: {result}");
                }

                ReplyInContext c = RandomMessages.Reply(random);
                byte[] replyBytes = c.Reply.ToArray();
                for (int length = 0; length < replyBytes.Length; length++)
                {
                    ReplyVerdict verdict = ReplyValidation.Validate(replyBytes.AsSpan(0, length), c.Features, c.MaxEntries, c.Awaited);
                    bool expected = length < FsFreezeReply.HeaderSize
                        ? verdict.Kind == ReplyVerdictKind.Ignored && verdict.IgnoredReason == ReplyIgnoredReason.TooShort
                        : verdict.Problem == ReplyProblem.EntriesBeyondBuffer && verdict.Kind != ReplyVerdictKind.Accepted;
                    Seeds.Require(expected, $"reply cut to {length} of {replyBytes.Length}: {verdict}");
                }
            });
            Seeds.Check(property, 1000);
        }

        [Test]
        [Requirement("FF-DEV-14")]
        public void MutatedValidMessages_NeverThrow_AndAcceptOnlyWhatReEncodes()
        {
            Property property = Prop.ForAll(SeedArb, seed =>
            {
                var random = new Random(seed);
                (FsFreezeRequest request, ulong requestFeatures) = RandomMessages.Request(random);
                byte[] requestBytes = Mutate(request.ToArray(), random);
                if (FsFreezeRequest.TryDecode(requestBytes, requestFeatures, uint.MaxValue, out FsFreezeRequest decoded).IsValid)
                {
                    Seeds.Require(decoded.ToArray().AsSpan().SequenceEqual(requestBytes.AsSpan(0, decoded.EncodedLength)), "an accepted request does not re-encode to its bytes");
                }

                ReplyInContext c = RandomMessages.Reply(random);
                byte[] replyBytes = Mutate(c.Reply.ToArray(), random);
                ReplyVerdict verdict = ReplyValidation.Validate(replyBytes, c.Features, c.MaxEntries, c.Awaited);
                if (verdict.IsAccepted)
                {
                    Seeds.Require(verdict.Reply.ToArray().AsSpan().SequenceEqual(replyBytes.AsSpan(0, verdict.Reply.EncodedLength)), "an accepted reply does not re-encode to its bytes");
                }
            });
            Seeds.Check(property, 5000);
        }

        /// <summary>Random bytes, often starting like a real message so the decoders get past their first checks.</summary>
        private static byte[] ArbitraryMessage(Random random)
        {
            byte[] bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            byte[] prefix = random.Next(3) switch
            {
                0 => RandomMessages.Request(random).Request.ToArray(),
                1 => RandomMessages.Reply(random).Reply.ToArray(),
                _ => [],
            };
            prefix.AsSpan(0, Math.Min(prefix.Length, bytes.Length)).CopyTo(bytes);
            return bytes;
        }

        /// <summary>Flips one to four random bytes.</summary>
        private static byte[] Mutate(byte[] bytes, Random random)
        {
            int flips = random.Next(1, 5);
            for (int i = 0; i < flips; i++)
            {
                bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
            }

            return bytes;
        }

        /// <summary>Every decoder's outcome on <paramref name="bytes"/>, as text to compare.</summary>
        private static string Outcomes(ReadOnlySpan<byte> bytes)
        {
            string text = string.Empty;
            foreach (ulong features in new ulong[] { 0, FsFreezeFeature.KnownMask })
            {
                RequestDecodeResult request = FsFreezeRequest.TryDecode(bytes, features, uint.MaxValue, out FsFreezeRequest decoded);
                text += request + "/" + decoded.SelectorCount + ";";
                var awaited = AwaitedRequests.None.WithControl(RequestType.Freeze, 1).WithStatus(2);
                foreach (uint maxEntries in new uint[] { 0, 4, 4096 })
                {
                    text += ReplyValidation.Validate(bytes, features, maxEntries, awaited) + ";";
                }
            }

            bool framed = FsFreezeReply.TryDecode(bytes, out FsFreezeReply reply);
            bool config = FsFreezeConfig.TryDecode(bytes, out FsFreezeConfig cfg);
            return text + framed + reply.EntryCount + config + cfg.Validate();
        }
    }
}
