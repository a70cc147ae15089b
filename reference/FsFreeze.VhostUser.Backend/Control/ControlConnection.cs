using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace FsFreeze.VhostUser.Backend.Control
{
    /// <summary>
    /// One host-side client on the control socket: newline-terminated JSON commands in, one JSON answer line out per
    /// command. A line longer than <see cref="MaxLineBytes"/> closes the connection.
    /// </summary>
    internal sealed class ControlConnection : IDisposable
    {
        public const int MaxLineBytes = 1 << 20;

        private readonly Socket _socket;
        private readonly List<byte> _buffer = [];

        public ControlConnection(Socket socket) => _socket = socket;

        public int Fd => (int)_socket.Handle;

        /// <summary>Events not yet delivered with an answer.</summary>
        public List<JsonNode?> Events { get; } = [];

        /// <summary>A <c>wait</c> command being held: its answer goes out when an event arrives or at this time.</summary>
        public DateTime? WaitDeadline { get; set; }

        /// <summary>Reads what is available; returns the complete lines, or null when the client is gone or broke the limit.</summary>
        public List<string>? ReadLines()
        {
            byte[] chunk = new byte[65536];
            int n;
            try
            {
                n = _socket.Receive(chunk);
            }
            catch (SocketException)
            {
                return null;
            }

            if (n == 0)
            {
                return null;
            }

            _buffer.AddRange(chunk.AsSpan(0, n));
            var lines = new List<string>();
            int newline;
            while ((newline = _buffer.IndexOf((byte)'\n')) >= 0)
            {
                lines.Add(Encoding.UTF8.GetString(_buffer.GetRange(0, newline).ToArray()).Trim());
                _buffer.RemoveRange(0, newline + 1);
            }

            return _buffer.Count > MaxLineBytes ? null : lines;
        }

        /// <summary>Sends <paramref name="answer"/> with the pending events; false when the client is gone.</summary>
        public bool Answer(JsonObject answer)
        {
            var events = new JsonArray();
            foreach (JsonNode? item in Events)
            {
                events.Add(item);
            }

            Events.Clear();
            answer["events"] = events;
            try
            {
                _socket.Send(Encoding.UTF8.GetBytes(answer.ToJsonString() + "\n"));
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        public void Dispose() => _socket.Dispose();
    }
}
