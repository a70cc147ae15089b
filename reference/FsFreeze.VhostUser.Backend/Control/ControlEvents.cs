using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol.Replies;

namespace FsFreeze.VhostUser.Backend.Control
{
    /// <summary>
    /// The device's observer: every completion, EVENT and driver loss becomes a JSON event queued for each connected
    /// control client, which receives it with its next answer (the <c>events</c> array).
    /// </summary>
    internal sealed class ControlEvents : IFsFreezeDeviceObserver
    {
        private readonly List<ControlConnection> _clients;
        private readonly Action<ReplyVerdict> _onVerdict;

        public ControlEvents(List<ControlConnection> clients, Action<ReplyVerdict> onVerdict)
        {
            _clients = clients;
            _onVerdict = onVerdict;
        }

        public void OnRequestCompleted(uint requestId, in ReplyVerdict verdict)
        {
            _onVerdict(verdict);
            Publish(new JsonObject { ["type"] = "completed", ["request_id"] = requestId, ["verdict"] = ControlJson.Verdict(verdict) });
        }

        public void OnEvent(in ReplyVerdict verdict) =>
            Publish(new JsonObject { ["type"] = "event", ["verdict"] = ControlJson.Verdict(verdict) });

        public void OnDriverGone(uint controlRequestId, uint statusRequestId) =>
            Publish(new JsonObject { ["type"] = "driver-gone", ["control_request_id"] = controlRequestId, ["status_request_id"] = statusRequestId });

        /// <summary>Queues <paramref name="value"/> for every connected client.</summary>
        public void Publish(JsonObject value)
        {
            foreach (ControlConnection client in _clients)
            {
                client.Events.Add(value.DeepClone());
            }
        }
    }
}
