using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FsFreeze.VhostUser.Control
{
    /// <summary>
    /// A client of fsfreeze-vhost-user-backend's control socket (reference/FsFreeze.VhostUser.Backend README
    /// "Control protocol"), through which a test is the host side of the device: one JSON command per line, one
    /// answer per line, each awaited at most <see cref="Timeout"/> (or the call's own timeout), since the back-end
    /// is another process that can go silent. The events every answer carries are handed to
    /// <see cref="EventsReceived"/> before the answer is returned. Every failure (no socket, silence, a closed
    /// socket, an answer that is not a JSON object) is a <see cref="VhostUserException"/>.
    /// </summary>
    public sealed class ControlClient : IDisposable
    {
        private readonly Socket _socket;
        private readonly List<byte> _pending = [];

        private ControlClient(Socket socket, TimeSpan timeout)
        {
            _socket = socket;
            Timeout = timeout;
            _socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
            _socket.SendTimeout = (int)timeout.TotalMilliseconds;
        }

        /// <summary>How long an answer is awaited when a call names no timeout of its own.</summary>
        public TimeSpan Timeout { get; }

        /// <summary>Receives each answer's <c>events</c> array.</summary>
        public Action<JsonArray>? EventsReceived { get; set; }

        /// <summary>Connects to the control socket at <paramref name="path"/>; answers are awaited at most <paramref name="timeout"/>.</summary>
        /// <exception cref="VhostUserException">Nothing listens at <paramref name="path"/>.</exception>
        public static ControlClient Connect(string path, TimeSpan timeout)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(path));
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new VhostUserException($"cannot connect to the back-end's control socket {path}: {e.Message}", e);
            }

            return new ControlClient(socket, timeout);
        }

        /// <summary>
        /// Sends <paramref name="command"/> and returns the answer; an answer with <c>ok</c> false throws unless
        /// <paramref name="allowError"/>. The answer is awaited at most <paramref name="timeout"/>, else <see cref="Timeout"/>
        /// (a <c>wait</c> command needs longer than its own <c>timeout_ms</c>).
        /// </summary>
        /// <exception cref="VhostUserException">No answer in time, the socket closed or failed, or the answer is not a JSON object (or not ok).</exception>
        public JsonObject Call(JsonObject command, bool allowError = false, TimeSpan? timeout = null)
        {
            ArgumentNullException.ThrowIfNull(command);
            string op = command["op"]?.GetValue<string>() ?? "?";
            TimeSpan limit = timeout ?? Timeout;
            try
            {
                _socket.ReceiveTimeout = (int)Math.Max(1, limit.TotalMilliseconds);
                _socket.Send(Encoding.UTF8.GetBytes(command.ToJsonString() + "\n"));
                string line = ReadLine(op, limit);
                JsonObject answer = JsonNode.Parse(line) as JsonObject ?? throw new VhostUserException($"control answer to {op} is not a JSON object: {line}");
                if (answer["events"] is JsonArray events && events.Count > 0)
                {
                    EventsReceived?.Invoke(events);
                }

                if (answer["ok"]?.GetValue<bool>() != true && !allowError)
                {
                    throw new VhostUserException($"control command {op} failed: {answer["error"]}: {answer["message"]}");
                }

                return answer;
            }
            catch (SocketException e)
            {
                throw new VhostUserException($"control command {op}: {e.Message}", e);
            }
            catch (JsonException e)
            {
                throw new VhostUserException($"control answer to {op} is not JSON: {e.Message}", e);
            }
        }

        /// <inheritdoc />
        public void Dispose() => _socket.Dispose();

        private string ReadLine(string op, TimeSpan limit)
        {
            byte[] chunk = new byte[65536];
            DateTime deadline = DateTime.UtcNow + limit;
            while (true)
            {
                int newline = _pending.IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    string line = Encoding.UTF8.GetString(_pending.GetRange(0, newline).ToArray());
                    _pending.RemoveRange(0, newline + 1);
                    return line;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new VhostUserException($"no answer to control command {op} within {limit.TotalSeconds:0.#} s");
                }

                int n;
                try
                {
                    n = _socket.Receive(chunk);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
                {
                    throw new VhostUserException($"no answer to control command {op} within {limit.TotalSeconds:0.#} s", e);
                }

                if (n == 0)
                {
                    throw new VhostUserException($"the back-end closed the control socket instead of answering {op}");
                }

                _pending.AddRange(chunk.AsSpan(0, n));
            }
        }
    }
}
