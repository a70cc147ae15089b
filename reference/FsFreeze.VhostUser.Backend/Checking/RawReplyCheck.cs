using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.VhostUser.Backend.Checking
{
    /// <summary>
    /// Judges the driver's reply to a raw request (control op <c>raw</c>): the answer the reference decoder expects
    /// (<see cref="FsFreezeRequest.TryDecode"/> under the negotiated features and <c>max_deadline_ms</c>) and the
    /// driver rules the reply breaks: FF-DRV-8 (one reply echoing type and id), FF-DRV-11, FF-DRV-12, FF-DRV-34 (the
    /// refusal status), and the reply rules of FF-DEV-12 as the device applies them to any reply.
    /// </summary>
    internal static class RawReplyCheck
    {
        /// <summary>What the reference driver answers to <paramref name="raw"/>, and the requirement that says so (null for a valid request).</summary>
        public static (RequestDecodeResult Result, string? Requirement) Expect(RawRequest raw, ulong negotiatedFeatures, uint maxDeadlineMs)
        {
            RequestDecodeResult result = FsFreezeRequest.TryDecode(raw.Used, negotiatedFeatures, maxDeadlineMs, out _);
            return (result, result.IsValid ? null : RefusalRequirement(result.Status, result.Problem == RequestProblem.FreezeDeadlineAboveMax));
        }

        /// <summary>
        /// The verdict the <c>completed</c> event shows. The device's validator matches replies by a non-zero id of
        /// a known type, which a raw request need not have; so once the echo is checked here, the reply's body is
        /// judged on a copy whose type and id name a stand-in awaited request (an EVENT-typed echo stands in as
        /// STATUS, the type without rules of its own). Kind Ignored means the echo is wrong or the reply too short.
        /// </summary>
        public static ReplyVerdict Verdict(RawRequest raw, ReadOnlySpan<byte> message, ulong negotiatedFeatures, uint maxEntries)
        {
            var echoType = (RequestType)raw.EchoType;
            FsFreezeReply.TryDecode(message, out FsFreezeReply decoded);
            if (message.Length < FsFreezeReply.HeaderSize)
            {
                return ReplyVerdict.FromReport(ReplyVerdictKind.Ignored, ReplyIgnoredReason.TooShort, ReplyProblem.None, raw.EchoRequestId, echoType, default);
            }

            (ushort type, uint id) = Echo(message);
            if (id != raw.EchoRequestId || type != raw.EchoType)
            {
                ReplyIgnoredReason reason = id != raw.EchoRequestId ? ReplyIgnoredReason.UnknownRequestId : ReplyIgnoredReason.TypeMismatch;
                return ReplyVerdict.FromReport(ReplyVerdictKind.Ignored, reason, ReplyProblem.None, raw.EchoRequestId, echoType, decoded);
            }

            const uint StandInId = 1;
            ushort standInType = type == (ushort)ReplyType.Event ? (ushort)RequestType.Status : type;
            byte[] copy = message.ToArray();
            BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(FsFreezeReply.TypeOffset), standInType);
            BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(FsFreezeReply.RequestIdOffset), StandInId);
            AwaitedRequests awaited = standInType == (ushort)RequestType.Status
                ? AwaitedRequests.None.WithStatus(StandInId)
                : AwaitedRequests.None.WithControl((RequestType)standInType, StandInId);
            ReplyVerdict body = ReplyValidation.Validate(copy, negotiatedFeatures, maxEntries, awaited);
            return ReplyVerdict.FromReport(body.Kind, body.IgnoredReason, body.Problem, raw.EchoRequestId, echoType, decoded);
        }

        /// <summary>The driver requirements the reply breaks, each with what was seen.</summary>
        public static List<(string Id, string Detail)> Violations(RawRequest raw, ReadOnlySpan<byte> message, in ReplyVerdict verdict, ulong negotiatedFeatures, uint maxDeadlineMs)
        {
            var found = new List<(string, string)>();
            string request = $"raw request type {raw.EchoType} request_id {raw.EchoRequestId} ({raw.UsedLength} bytes used)";
            if (message.Length < FsFreezeReply.HeaderSize)
            {
                found.Add(("FF-DRV-8", $"the reply to the {request} is {message.Length} bytes, shorter than the 48-byte header"));
                return found;
            }

            (ushort type, uint id) = Echo(message);
            if (type != raw.EchoType || id != raw.EchoRequestId)
            {
                found.Add(("FF-DRV-8", $"the reply to the {request} echoes type {type} request_id {id}"));
                return found;
            }

            (RequestDecodeResult expected, _) = Expect(raw, negotiatedFeatures, maxDeadlineMs);
            var status = (ReplyStatus)BinaryPrimitives.ReadUInt16LittleEndian(message.Slice(FsFreezeReply.StatusOffset));
            if (!expected.IsValid && status != expected.Status)
            {
                found.Add((RefusalRequirement(expected.Status, expected.Problem == RequestProblem.FreezeDeadlineAboveMax), $"the {request} is {expected.Status} ({expected.Problem}); the driver answered {status}"));
            }
            else if (expected.IsValid && status is ReplyStatus.Invalid or ReplyStatus.Unsupported)
            {
                bool atDeadlineBound = raw.EchoType == (ushort)RequestType.Freeze && raw.UsedLength >= FsFreezeRequest.HeaderSize
                    && BinaryPrimitives.ReadUInt32LittleEndian(raw.Used.Slice(FsFreezeRequest.DeadlineMsOffset)) == maxDeadlineMs;
                found.Add((RefusalRequirement(status, atDeadlineBound), $"the {request} is valid; the driver answered {status}"));
            }

            if (verdict.Kind == ReplyVerdictKind.ProtocolError)
            {
                found.Add((DriverChecker.ProblemRequirement(verdict.Problem), $"the reply to the {request} breaks a reply rule: {verdict.Problem}"));
            }

            return found;
        }

        /// <summary>The type and request_id of a message at least a header long.</summary>
        public static (ushort Type, uint RequestId) Echo(ReadOnlySpan<byte> message) =>
            (BinaryPrimitives.ReadUInt16LittleEndian(message.Slice(FsFreezeReply.TypeOffset)), BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(FsFreezeReply.RequestIdOffset)));

        /// <summary>UNSUPPORTED: FF-DRV-12; INVALID: FF-DRV-34 for the deadline bound, FF-DRV-11 otherwise.</summary>
        private static string RefusalRequirement(ReplyStatus status, bool deadlineBound) =>
            status == ReplyStatus.Unsupported ? "FF-DRV-12" : deadlineBound ? "FF-DRV-34" : "FF-DRV-11";
    }
}
