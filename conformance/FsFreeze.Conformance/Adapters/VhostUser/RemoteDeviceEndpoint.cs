using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.VhostUser.Control;

namespace FsFreeze.Conformance.Adapters.VhostUser
{
    /// <summary>
    /// The host side of a device in another process, over its control socket. Completions, EVENTs and driver loss
    /// arrive as the events of each answer and reach the observer before the call that brought them returns, so the
    /// host API sees them at the same points as with the in-process reference.
    /// </summary>
    internal sealed class RemoteDeviceEndpoint : IFsFreezeDeviceEndpoint
    {
        private readonly ControlClient _control;
        private readonly Action _afterCommand;
        private IFsFreezeDeviceObserver? _observer;

        public RemoteDeviceEndpoint(ControlClient control, FsFreezeConfig config, Action afterCommand)
        {
            _control = control;
            _afterCommand = afterCommand;
            Config = config;
            control.EventsReceived = Dispatch;
        }

        public FsFreezeConfig Config { get; }

        public ulong NegotiatedFeatures => State()["negotiated_features"]!.GetValue<ulong>();

        public bool IsDriverReady => State()["driver_ready"]!.GetValue<bool>();

        public AwaitedRequests Awaited
        {
            get
            {
                JsonNode awaited = State()["awaited"]!;
                return AwaitedRequests.None
                    .WithControl(Enum.Parse<RequestType>(awaited["control_type"]!.GetValue<string>()), awaited["control_request_id"]!.GetValue<uint>())
                    .WithStatus(awaited["status_request_id"]!.GetValue<uint>());
            }
        }

        public ReplyCounters Counters
        {
            get
            {
                JsonNode counters = State()["counters"]!;
                var ignored = new Dictionary<ReplyIgnoredReason, long>();
                foreach (KeyValuePair<string, JsonNode?> item in counters["ignored"]!.AsObject())
                {
                    ignored[Enum.Parse<ReplyIgnoredReason>(item.Key)] = item.Value!.GetValue<long>();
                }

                return ReplyCounters.FromReport(
                    counters["chains_consumed"]!.GetValue<long>(),
                    counters["replies_accepted"]!.GetValue<long>(),
                    counters["events_accepted"]!.GetValue<long>(),
                    counters["protocol_errors"]!.GetValue<long>(),
                    counters["requests_sent"]!.GetValue<long>(),
                    ignored);
            }
        }

        public void SetObserver(IFsFreezeDeviceObserver observer)
        {
            ArgumentNullException.ThrowIfNull(observer);
            _observer = observer;
        }

        public SendOutcome SendFreeze(uint deadlineMs, ushort noticeMs, IReadOnlyList<Selector> selectors, out uint requestId)
        {
            ArgumentNullException.ThrowIfNull(selectors);
            var list = new JsonArray();
            foreach (Selector selector in selectors)
            {
                list.Add(selector.Kind == SelectorKind.Device
                    ? new JsonObject { ["kind"] = "device", ["major"] = selector.Major, ["minor"] = selector.Minor }
                    : new JsonObject { ["kind"] = "mount-path", ["path"] = selector.Path });
            }

            return Send(new JsonObject { ["op"] = "freeze", ["deadline_ms"] = deadlineMs, ["notice_ms"] = noticeMs, ["selectors"] = list }, out requestId);
        }

        public SendOutcome SendThaw(out uint requestId) => Send(new JsonObject { ["op"] = "thaw" }, out requestId);

        public SendOutcome SendStatus(out uint requestId) => Send(new JsonObject { ["op"] = "status" }, out requestId);

        public bool Abandon(uint requestId)
        {
            JsonObject answer = Command(new JsonObject { ["op"] = "abandon", ["request_id"] = requestId });
            return answer["abandoned"]!.GetValue<bool>();
        }

        private SendOutcome Send(JsonObject command, out uint requestId)
        {
            JsonObject answer = Command(command);
            requestId = answer["request_id"]!.GetValue<uint>();
            return Enum.Parse<SendOutcome>(answer["outcome"]!.GetValue<string>());
        }

        private JsonObject State() => Command(new JsonObject { ["op"] = "state" });

        private JsonObject Command(JsonObject command)
        {
            JsonObject answer = _control.Call(command);

            // A request written into a requestq buffer uses it: the call notification is on its way.
            _afterCommand();
            return answer;
        }

        private void Dispatch(JsonArray events)
        {
            foreach (JsonNode? item in events)
            {
                switch (item?["type"]?.GetValue<string>())
                {
                    case "completed":
                        ReplyVerdict verdict = Verdict(item["verdict"]!);
                        _observer?.OnRequestCompleted(item["request_id"]!.GetValue<uint>(), verdict);
                        break;
                    case "event":
                        _observer?.OnEvent(Verdict(item["verdict"]!));
                        break;
                    case "driver-gone":
                        _observer?.OnDriverGone(item["control_request_id"]!.GetValue<uint>(), item["status_request_id"]!.GetValue<uint>());
                        break;
                }
            }
        }

        private static ReplyVerdict Verdict(JsonNode json)
        {
            FsFreezeReply reply = default;
            if (json["reply"]?.GetValue<string>() is { } hex && !FsFreezeReply.TryDecode(Convert.FromHexString(hex), out reply))
            {
                reply = default;
            }

            return ReplyVerdict.FromReport(
                Enum.Parse<ReplyVerdictKind>(json["kind"]!.GetValue<string>()),
                Enum.Parse<ReplyIgnoredReason>(json["ignored_reason"]!.GetValue<string>()),
                Enum.Parse<ReplyProblem>(json["problem"]!.GetValue<string>()),
                json["request_id"]!.GetValue<uint>(),
                Enum.Parse<RequestType>(json["request_type"]!.GetValue<string>()),
                reply);
        }
    }
}
