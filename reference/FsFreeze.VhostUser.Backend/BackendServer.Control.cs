using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol.Requests;
using FsFreeze.VhostUser.Backend.Checking;
using FsFreeze.VhostUser.Backend.Control;
using Wire = FsFreeze.Protocol.FsFreezeDevice;

namespace FsFreeze.VhostUser.Backend
{
    /// <summary>
    /// The control protocol (README "Control protocol"): the host side of the device, which vhost-user has no
    /// channel for. One JSON object per line each way; every answer carries <c>ok</c> and the <c>events</c> the
    /// device produced since the client's previous answer.
    /// </summary>
    internal sealed partial class BackendServer
    {
        private void ServeControl(ControlConnection client)
        {
            List<string>? lines = client.ReadLines();
            if (lines is null)
            {
                _clients.Remove(client);
                client.Dispose();
                return;
            }

            foreach (string line in lines)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                // What the driver did before the host asked is seen first: pending kicks are handled now.
                _session?.ServiceAllKicks();
                JsonObject? answer = Execute(client, line);
                if (answer is not null && !client.Answer(answer))
                {
                    _clients.Remove(client);
                    client.Dispose();
                    return;
                }
            }
        }

        private void AnswerWaits()
        {
            foreach (ControlConnection client in _clients.ToArray())
            {
                if (client.WaitDeadline is { } deadline && (client.Events.Count > 0 || DateTime.UtcNow >= deadline))
                {
                    client.WaitDeadline = null;
                    if (!client.Answer(new JsonObject { ["ok"] = true }))
                    {
                        _clients.Remove(client);
                        client.Dispose();
                    }
                }
            }
        }

        /// <summary>Runs one command; null when the answer is deferred (<c>wait</c>).</summary>
        private JsonObject? Execute(ControlConnection client, string line)
        {
            JsonObject command;
            try
            {
                command = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (JsonException e)
            {
                return Error("bad-json", e.Message);
            }

            try
            {
                string op = command["op"]?.GetValue<string>() ?? string.Empty;
                switch (op)
                {
                    case "hello":
                        return Hello();
                    case "configure":
                        return Configure(command["options"] as JsonObject);
                    case "freeze":
                        return Send(() => _device.SendFreeze(
                            command["deadline_ms"]?.GetValue<uint>() ?? 0,
                            command["notice_ms"]?.GetValue<ushort>() ?? 0,
                            Selectors(command["selectors"] as JsonArray),
                            out uint id), out uint freezeId, "freeze");
                    case "thaw":
                        return Send(() => _device.SendThaw(out uint id), out _, "thaw");
                    case "status":
                        return Send(() => _device.SendStatus(out uint id), out _, "status");
                    case "raw":
                        return Raw(command);
                    case "forge-used":
                        return ForgeUsed(command);
                    case "abandon":
                        uint requestId = command["request_id"]?.GetValue<uint>() ?? 0;
                        bool abandoned = _device.Abandon(requestId) || AbandonRaw(requestId);
                        if (abandoned)
                        {
                            _abandoned.Add(requestId);
                        }

                        return new JsonObject { ["ok"] = true, ["abandoned"] = abandoned };
                    case "state":
                        return State();
                    case "sync":
                        return new JsonObject { ["ok"] = true };
                    case "wait":
                        client.WaitDeadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(Math.Clamp(command["timeout_ms"]?.GetValue<int>() ?? 1000, 0, 600_000));
                        return null;
                    case "violations":
                        var list = new JsonArray();
                        foreach (Violation v in _checker.Violations)
                        {
                            list.Add(new JsonObject { ["id"] = v.RequirementId, ["detail"] = v.Detail });
                        }

                        return new JsonObject { ["ok"] = true, ["checking"] = _checker.Enabled, ["violations"] = list };
                    default:
                        return Error("unknown-op", $"unknown op '{op}'");
                }
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or JsonException)
            {
                return Error("bad-command", e.Message);
            }
        }

        private JsonObject Hello() => new()
        {
            ["ok"] = true,
            ["protocol"] = 1,
            ["device_id"] = Wire.DeviceId,
            ["vendor_id"] = _device.VendorId,
            ["queue_count"] = _device.QueueCount,
            ["queue_size_max"] = _device.GetQueueSizeMax(0),
            ["device_features"] = _device.DeviceFeatures,
            ["config"] = ControlJson.Config(_device.Config),
            ["checking"] = _checker.Enabled,
        };

        private JsonObject Configure(JsonObject? options)
        {
            FsFreezeDeviceOptions parsed = ControlJson.Options(options);
            try
            {
                _ = new FsFreezeDevice(parsed);
            }
            catch (ArgumentOutOfRangeException e)
            {
                return Error("invalid-options", e.Message);
            }

            // New options take effect for the next front-end: the connected one, if any, is dropped.
            _options = parsed;
            if (_session is not null)
            {
                EndSession();
            }
            else
            {
                CreateDevice();
            }

            _abandoned.Clear();
            return new JsonObject { ["ok"] = true };
        }

        private JsonObject Send(Func<SendOutcome> send, out uint requestId, string what)
        {
            SendOutcome outcome = OnDevice(send, what);
            requestId = outcome == SendOutcome.Sent ? _device.LastRequestId : 0;
            return new JsonObject { ["ok"] = true, ["outcome"] = outcome.ToString(), ["request_id"] = requestId };
        }

        /// <summary>Runs a request-sending call on the device, with the notifications it causes; records FF-DRV-2 when no buffer was posted.</summary>
        private SendOutcome OnDevice(Func<SendOutcome> send, string what)
        {
            bool readyBefore = _device.IsDriverReady;
            SendOutcome outcome = SendOutcome.NoDriver;
            if (_session is not null)
            {
                _session.OnDevice(() => outcome = send());
            }
            else
            {
                outcome = send();
            }

            if (outcome == SendOutcome.NoDriver && readyBefore && _device.IsDriverReady)
            {
                // FF-DRV-2: from DRIVER_OK on, request buffers stay posted.
                _checker.Report("FF-DRV-2", $"no request buffer posted on requestq for a {what}");
            }

            return outcome;
        }

        private JsonObject State() => new()
        {
            ["ok"] = true,
            ["driver_ready"] = _device.IsDriverReady,
            ["negotiated_features"] = _device.NegotiatedFeatures,
            ["device_status"] = _session is null ? 0 : (uint)_session.Transport.Status,
            ["awaited"] = ControlJson.Awaited(_device.Awaited),
            ["counters"] = ControlJson.Counters(_device.Counters),
            ["connected"] = _session is not null,
            ["raw_awaited"] = _device.RawAwaited is { } raw ? new JsonObject { ["request_id"] = raw.EchoRequestId, ["request_type"] = raw.EchoType } : null,
        };

        private static List<Selector> Selectors(JsonArray? json)
        {
            var selectors = new List<Selector>();
            foreach (JsonNode? item in json ?? [])
            {
                string kind = item?["kind"]?.GetValue<string>() ?? string.Empty;
                selectors.Add(kind switch
                {
                    "device" => Selector.Device(item!["major"]?.GetValue<uint>() ?? 0, item["minor"]?.GetValue<uint>() ?? 0),
                    "mount-path" => Selector.MountPath(item!["path"]?.GetValue<string>() ?? string.Empty),
                    _ => throw new FormatException($"unknown selector kind '{kind}'"),
                });
            }

            return selectors;
        }

        private static JsonObject Error(string code, string message) => new() { ["ok"] = false, ["error"] = code, ["message"] = message };
    }
}
