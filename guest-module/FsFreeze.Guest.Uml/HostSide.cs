using System;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using FsFreeze.Protocol.Replies;

namespace FsFreeze.Guest.Uml
{
    /// <summary>One answered request as the reference device saw it: its verdict and the decoded reply.</summary>
    /// <param name="Kind">Accepted, ProtocolError or Ignored (FF-DEV-11/12).</param>
    /// <param name="Problem">What was wrong with a reply the device did not accept.</param>
    /// <param name="Reply">The reply's bytes decoded with the reference codec.</param>
    public sealed record Answer(string Kind, string Problem, FsFreezeReply Reply);

    /// <summary>
    /// The host side of the device, over <see cref="ReferenceBackend"/>: FREEZE, THAW and STATUS that wait for the
    /// driver's reply (bounded, FF-HOST-2) and EVENT waits.
    /// </summary>
    public sealed class HostSide
    {
        private readonly ReferenceBackend backend;

        /// <summary>Drives <paramref name="backend"/>.</summary>
        public HostSide(ReferenceBackend backend) => this.backend = backend;

        /// <summary>Waits until the guest's driver set DRIVER_OK (the module probed); fails at the timeout.</summary>
        public JsonObject WaitDriverReady(TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                JsonObject state = backend.Call(new JsonObject { ["op"] = "state" });
                if (state["driver_ready"]?.GetValue<bool>() == true)
                {
                    return state;
                }

                if (clock.Elapsed > timeout)
                {
                    Assert.Fail($"the driver did not reach DRIVER_OK within {timeout.TotalSeconds} s: {state.ToJsonString()}\n{backend.Log}");
                }

                Thread.Sleep(100);
            }
        }

        /// <summary>FREEZE with <paramref name="deadlineMs"/> and optional selectors; waits for the reply.</summary>
        public Answer Freeze(uint deadlineMs, JsonArray? selectors = null, TimeSpan? timeout = null)
        {
            var command = new JsonObject { ["op"] = "freeze", ["deadline_ms"] = deadlineMs };
            if (selectors is not null)
            {
                command["selectors"] = selectors;
            }

            return Request(command, timeout ?? TimeSpan.FromMilliseconds(deadlineMs + 10_000));
        }

        /// <summary>THAW; waits for the reply.</summary>
        public Answer Thaw() => Request(new JsonObject { ["op"] = "thaw" }, TimeSpan.FromSeconds(30));

        /// <summary>STATUS; waits for the reply.</summary>
        public Answer Status() => Request(new JsonObject { ["op"] = "status" }, TimeSpan.FromSeconds(30));

        /// <summary>Sends <paramref name="command"/> without waiting; returns its request id (0 when not sent).</summary>
        public uint Send(JsonObject command)
        {
            JsonObject answer = backend.Call(command);
            Assert.That(answer["ok"]?.GetValue<bool>(), Is.True, answer.ToJsonString());
            return answer["outcome"]?.GetValue<string>() == "Sent" ? answer["request_id"]!.GetValue<uint>() : 0;
        }

        /// <summary>Waits for the completion of <paramref name="requestId"/>.</summary>
        public Answer WaitCompleted(uint requestId, TimeSpan timeout) =>
            Decode(WaitFor(e => e["type"]?.GetValue<string>() == "completed" && e["request_id"]?.GetValue<uint>() == requestId, timeout, $"the reply to request {requestId}"));

        /// <summary>Waits for an EVENT from the driver (FF-DRV-27/28).</summary>
        public Answer WaitEvent(TimeSpan timeout) =>
            Decode(WaitFor(e => e["type"]?.GetValue<string>() == "event", timeout, "an EVENT"));

        /// <summary>Whether a driver-gone event (reset or disconnect) arrived within <paramref name="timeout"/>.</summary>
        public bool WaitDriverGone(TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < timeout)
            {
                if (TryTake(e => e["type"]?.GetValue<string>() == "driver-gone") is not null)
                {
                    return true;
                }

                backend.Call(new JsonObject { ["op"] = "wait", ["timeout_ms"] = 200 }, TimeSpan.FromSeconds(5));
            }

            return TryTake(e => e["type"]?.GetValue<string>() == "driver-gone") is not null;
        }

        private Answer Request(JsonObject command, TimeSpan timeout)
        {
            uint id = Send(command);
            Assert.That(id, Is.Not.Zero, $"{command.ToJsonString()} was not sent (no driver?)\n{backend.Log}");
            return WaitCompleted(id, timeout);
        }

        private JsonObject WaitFor(Func<JsonObject, bool> match, TimeSpan timeout, string what)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (TryTake(match) is { } found)
                {
                    return found;
                }

                if (clock.Elapsed > timeout)
                {
                    Assert.Fail($"no {what} within {timeout.TotalSeconds} s; events {string.Join(", ", backend.Events.Select(e => e.ToJsonString()))}\n{backend.Log}");
                }

                backend.Call(new JsonObject { ["op"] = "wait", ["timeout_ms"] = 200 }, TimeSpan.FromSeconds(5));
            }
        }

        private JsonObject? TryTake(Func<JsonObject, bool> match)
        {
            for (int i = 0; i < backend.Events.Count; i++)
            {
                if (match(backend.Events[i]))
                {
                    JsonObject found = backend.Events[i];
                    backend.Events.RemoveAt(i);
                    return found;
                }
            }

            return null;
        }

        private static Answer Decode(JsonObject e)
        {
            JsonObject verdict = e["verdict"]!.AsObject();
            string kind = verdict["kind"]!.GetValue<string>();
            string problem = verdict["problem"]?.GetValue<string>() ?? string.Empty;
            string? hex = verdict["reply"]?.GetValue<string>();
            Assert.That(hex, Is.Not.Null, $"the device kept no reply bytes: {e.ToJsonString()}");
            Assert.That(FsFreezeReply.TryDecode(Convert.FromHexString(hex!), out FsFreezeReply reply), Is.True, hex);
            return new Answer(kind, problem, reply);
        }
    }
}
