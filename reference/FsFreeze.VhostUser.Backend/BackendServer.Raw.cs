using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.VhostUser.Backend.Checking;
using FsFreeze.VhostUser.Backend.Control;
using Wire = FsFreeze.Protocol.FsFreezeDevice;

namespace FsFreeze.VhostUser.Backend
{
    /// <summary>
    /// The control ops for driver testing (README "Control protocol"): <c>raw</c> sends request bytes the host chose,
    /// <c>forge-used</c> puts a completion on requestq that the driver must refuse (FF-DRV-13). A production device
    /// never sends either (FF-DEV-16, FF-DEV-7); they exist so a driver's validation can be run through this device.
    /// In checking mode, what the test sends is never a violation; what the driver answers is checked.
    /// </summary>
    internal sealed partial class BackendServer : IReplyInspector
    {
        /// <summary>The request_id of the FREEZE a forged completion carries when the client gives no bytes: one the device's own counter reaches last.</summary>
        public const uint ForgedRequestId = uint.MaxValue;

        /// <summary>Request ids in the bytes of forged completions: a reply echoing one answers a completion the driver had to refuse (FF-DRV-13).</summary>
        private readonly HashSet<uint> _forgedRequestIds = [];

        /// <summary>The echo of the last raw request answered, so a second reply to it is seen (FF-DRV-8).</summary>
        private (ushort Type, uint RequestId)? _answeredRaw;

        void IReplyInspector.OnRawReply(RawRequest request, ReadOnlySpan<byte> message)
        {
            ulong features = _device.NegotiatedFeatures;
            ReplyVerdict verdict = RawReplyCheck.Verdict(request, message, features, _device.Config.MaxEntries);
            foreach ((string id, string detail) in RawReplyCheck.Violations(request, message, verdict, features, _device.Config.MaxDeadlineMs))
            {
                _checker.Report(id, detail);
            }

            _answeredRaw = (request.EchoType, request.EchoRequestId);

            // The verdict as for any completion, with the message exactly as read (the driver's bytes, not a re-encoding).
            JsonObject json = ControlJson.Verdict(verdict);
            json["reply"] = Convert.ToHexString(message);
            _events.Publish(new JsonObject { ["type"] = "completed", ["request_id"] = request.EchoRequestId, ["raw"] = true, ["verdict"] = json });
        }

        void IReplyInspector.OnIgnored(ReadOnlySpan<byte> message, in ReplyVerdict verdict)
        {
            bool lateReplyToAbandoned = false;
            if (message.Length >= FsFreezeReply.HeaderSize)
            {
                (ushort type, uint id) = RawReplyCheck.Echo(message);
                bool unmatched = verdict.IgnoredReason is ReplyIgnoredReason.UnknownRequestId or ReplyIgnoredReason.TypeMismatch;
                if (unmatched && _forgedRequestIds.Contains(id))
                {
                    _checker.Report("FF-DRV-13", $"a reply (type {type}, request_id {id}) to the request in a forged requestq completion, which the driver must ignore");
                    return;
                }

                if (_answeredRaw == (type, id))
                {
                    _checker.Report("FF-DRV-8", $"a second reply (type {type}, request_id {id}) to a raw request already answered");
                    return;
                }

                lateReplyToAbandoned = verdict.IgnoredReason == ReplyIgnoredReason.UnknownRequestId && _abandoned.Contains(id);
            }

            _checker.ReportVerdict(verdict, lateReplyToAbandoned);
        }

        void IReplyInspector.OnRawDropped(RawRequest request) =>
            _events.Publish(new JsonObject { ["type"] = "driver-gone", ["control_request_id"] = 0, ["status_request_id"] = 0, ["raw_request_id"] = request.EchoRequestId });

        /// <summary>A new device (front-end, configuration): nothing sent to an earlier one is remembered.</summary>
        private void ForgetDriverTests()
        {
            _forgedRequestIds.Clear();
            _answeredRaw = null;
        }

        /// <summary><c>{"op":"raw","request":"HEX","used_length":N}</c>.</summary>
        private JsonObject Raw(JsonObject command)
        {
            byte[] bytes = Convert.FromHexString(command["request"]?.GetValue<string>() ?? throw new FormatException("raw needs \"request\", the request bytes in hex"));
            uint usedLength = command["used_length"]?.GetValue<uint>() ?? (uint)bytes.Length;
            if (_device.RawAwaited is { } awaiting)
            {
                return Error("raw-busy", $"raw request {awaiting.EchoRequestId} (type {awaiting.EchoType}) still awaits its reply; wait for it or abandon it");
            }

            SendOutcome outcome;
            RawRequest? sent = null;
            try
            {
                outcome = OnDevice(
                    () =>
                    {
                        SendOutcome result = _device.SendRaw(bytes, usedLength);
                        sent = _device.RawAwaited;
                        return result;
                    },
                    "raw request");
            }
            catch (ArgumentOutOfRangeException e)
            {
                return Error("raw-too-long", e.Message);
            }
            catch (InvalidOperationException e)
            {
                return Error("raw-id-in-use", e.Message);
            }

            var answer = new JsonObject { ["ok"] = true, ["outcome"] = outcome.ToString(), ["request_id"] = 0, ["used_length"] = usedLength };
            if (outcome == SendOutcome.Sent && sent is not null)
            {
                (RequestDecodeResult expected, string? requirement) = RawReplyCheck.Expect(sent, _device.NegotiatedFeatures, _device.Config.MaxDeadlineMs);
                answer["request_id"] = sent.EchoRequestId;
                answer["request_type"] = sent.EchoType;
                answer["expected"] = new JsonObject
                {
                    ["status"] = expected.Status.ToString(),
                    ["problem"] = expected.Problem.ToString(),
                    ["requirement"] = requirement,
                };
            }

            return answer;
        }

        /// <summary>An <c>abandon</c> naming the awaited raw request: the driver did not answer in time (FF-DRV-8).</summary>
        private bool AbandonRaw(uint requestId)
        {
            if (_device.RawAwaited is not { } raw || raw.EchoRequestId != requestId || !_device.AbandonRaw())
            {
                return false;
            }

            _checker.Report("FF-DRV-8", $"no reply to raw request type {raw.EchoType} request_id {requestId} before the host gave up");
            _answeredRaw = (raw.EchoType, raw.EchoRequestId);
            return true;
        }

        /// <summary><c>{"op":"forge-used","id":N,"used_length":N,"request":"HEX"}</c>, every field optional.</summary>
        private JsonObject ForgeUsed(JsonObject command)
        {
            if (_device.RawAwaited is not null)
            {
                return Error("raw-busy", "a raw request awaits its reply, and a reply to the forged completion could not be told from it");
            }

            uint? id = command["id"]?.GetValue<uint>();
            uint? usedLength = command["used_length"]?.GetValue<uint>();
            byte[] bytes = command["request"] is { } hex
                ? Convert.FromHexString(hex.GetValue<string>())
                : FsFreezeRequest.Freeze(ForgedRequestId, Math.Min(30_000u, _device.Config.MaxDeadlineMs)).ToArray();
            ulong? ring = null;
            if (_session is not null)
            {
                if (id is null && usedLength is null)
                {
                    // The default forgery: the first id past the ring, which no descriptor head can have.
                    id = _session.Transport.GetDeviceQueue(Wire.RequestQueueIndex)?.Size ?? 0;
                }

                if (_session.TryGetUsedRingAddress(Wire.RequestQueueIndex, out ulong address))
                {
                    ring = address;
                }
            }

            ForgedCompletion forged = default;
            if (id is null && usedLength is null)
            {
                // No requestq running, so no size to go past: there is no driver to forge a completion for.
                return new JsonObject { ["ok"] = true, ["outcome"] = SendOutcome.NoDriver.ToString(), ["request_id"] = 0 };
            }

            SendOutcome outcome;
            try
            {
                outcome = OnDevice(
                    () =>
                    {
                        SendOutcome result = _device.ForgeUsed(ring, id, usedLength, bytes, out ForgedCompletion done);
                        forged = done;
                        return result;
                    },
                    "forged completion");
            }
            catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
            {
                return Error("bad-forgery", e.Message);
            }

            uint requestId = bytes.Length >= FsFreezeRequest.DeadlineMsOffset ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(FsFreezeRequest.RequestIdOffset)) : 0;
            if (outcome == SendOutcome.Sent && (forged.IdForged || forged.LengthForged))
            {
                _forgedRequestIds.Add(requestId);
            }

            return new JsonObject
            {
                ["ok"] = true,
                ["outcome"] = outcome.ToString(),
                ["consumed_id"] = forged.ConsumedId,
                ["buffer_length"] = forged.BufferLength,
                ["used_id"] = forged.UsedId,
                ["used_length"] = forged.UsedLength,
                ["request_id"] = requestId,
            };
        }
    }
}
