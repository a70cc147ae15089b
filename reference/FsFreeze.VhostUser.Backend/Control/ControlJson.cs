using System;
using System.Text.Json.Nodes;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;

namespace FsFreeze.VhostUser.Backend.Control
{
    /// <summary>The JSON shapes of the control protocol (README "Control protocol").</summary>
    internal static class ControlJson
    {
        public static JsonObject Verdict(in ReplyVerdict verdict)
        {
            var json = new JsonObject
            {
                ["kind"] = verdict.Kind.ToString(),
                ["ignored_reason"] = verdict.IgnoredReason.ToString(),
                ["problem"] = verdict.Problem.ToString(),
                ["request_id"] = verdict.RequestId,
                ["request_type"] = verdict.RequestType.ToString(),
            };

            // The reply as the device decoded it (entries included when accepted), re-encoded: the client decodes it
            // with the same codec. A header-only diagnostic copy may not re-encode; it is then left out.
            byte[] bytes = new byte[verdict.Reply.EncodedLength];
            if (verdict.Kind != ReplyVerdictKind.Ignored && verdict.Reply.TryEncode(bytes, out int written))
            {
                json["reply"] = Convert.ToHexString(bytes, 0, written);
            }

            return json;
        }

        public static JsonObject Config(FsFreezeConfig config) => new()
        {
            ["request_size"] = config.RequestSize,
            ["max_entries"] = config.MaxEntries,
            ["max_deadline_ms"] = config.MaxDeadlineMs,
        };

        public static JsonObject Awaited(AwaitedRequests awaited) => new()
        {
            ["control_request_id"] = awaited.ControlRequestId,
            ["control_type"] = awaited.ControlType.ToString(),
            ["status_request_id"] = awaited.StatusRequestId,
        };

        public static JsonObject Counters(ReplyCounters counters)
        {
            var ignored = new JsonObject();
            foreach (ReplyIgnoredReason reason in Enum.GetValues<ReplyIgnoredReason>())
            {
                if (reason != ReplyIgnoredReason.None)
                {
                    ignored[reason.ToString()] = counters.Ignored(reason);
                }
            }

            return new JsonObject
            {
                ["chains_consumed"] = counters.ChainsConsumed,
                ["replies_accepted"] = counters.RepliesAccepted,
                ["events_accepted"] = counters.EventsAccepted,
                ["protocol_errors"] = counters.ProtocolErrors,
                ["requests_sent"] = counters.RequestsSent,
                ["ignored"] = ignored,
            };
        }

        /// <summary>Device options from a <c>configure</c> command; absent fields keep the back-end's defaults.</summary>
        public static FsFreezeDeviceOptions Options(JsonObject? json)
        {
            FsFreezeDeviceOptions defaults = BackendDefaults.Options;
            if (json is null)
            {
                return defaults;
            }

            return new FsFreezeDeviceOptions
            {
                OfferedFeatures = json["offered_features"]?.GetValue<ulong>() ?? defaults.OfferedFeatures,
                QueueSizeMax = json["queue_size_max"]?.GetValue<ushort>() ?? defaults.QueueSizeMax,
                VendorId = json["vendor_id"]?.GetValue<uint>() ?? defaults.VendorId,
                Config = new FsFreezeConfig(
                    json["request_size"]?.GetValue<uint>() ?? defaults.Config.RequestSize,
                    json["max_entries"]?.GetValue<uint>() ?? defaults.Config.MaxEntries,
                    json["max_deadline_ms"]?.GetValue<uint>() ?? defaults.Config.MaxDeadlineMs),
            };
        }
    }
}
