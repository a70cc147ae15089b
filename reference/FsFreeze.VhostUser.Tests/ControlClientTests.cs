using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using FsFreeze.VhostUser.Control;

namespace FsFreeze.VhostUser.Tests
{
    /// <summary>
    /// The control-socket client against a scripted peer: answers split or batched across reads, events handed
    /// over, refusals, and every way the peer can fail (silence, close, not JSON) ends in a bounded
    /// <see cref="VhostUserException"/>, never a hang.
    /// </summary>
    public sealed class ControlClientTests
    {
        private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

        /// <summary>A one-connection peer on a Unix socket that runs a script on the accepted socket.</summary>
        private sealed class Peer : IDisposable
        {
            private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ff-control-" + Guid.NewGuid().ToString("N")[..8]);
            private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            private readonly Thread _thread;

            public Peer(Action<Socket> script)
            {
                Directory.CreateDirectory(_directory);
                Path = System.IO.Path.Combine(_directory, "control");
                _listener.Bind(new UnixDomainSocketEndPoint(Path));
                _listener.Listen(1);
                _thread = new Thread(() =>
                {
                    using Socket accepted = _listener.Accept();
                    script(accepted);
                }) { IsBackground = true };
                _thread.Start();
            }

            public string Path { get; }

            public void Dispose()
            {
                _listener.Dispose();
                _thread.Join(TimeSpan.FromSeconds(5));
                Directory.Delete(_directory, recursive: true);
            }
        }

        /// <summary>Reads one command line from the client.</summary>
        private static string ReadCommand(Socket socket)
        {
            var bytes = new StringBuilder();
            byte[] one = new byte[1];
            while (socket.Receive(one) == 1 && one[0] != (byte)'\n')
            {
                bytes.Append((char)one[0]);
            }

            return bytes.ToString();
        }

        private static void Answer(Socket socket, string text) => socket.Send(Encoding.UTF8.GetBytes(text));

        [Test]
        public void Answers_SplitAcrossReads_OrTwoInOneRead_AreEachReturnedWhole_WithTheirEvents()
        {
            string received = string.Empty;
            using var peer = new Peer(s =>
            {
                received = ReadCommand(s);
                Answer(s, "{\"ok\":tr");
                Thread.Sleep(50);
                Answer(s, "ue,\"n\":1,\"events\":[{\"type\":\"event\"}]}\n{\"ok\":true,\"n\":2}\n");
                ReadCommand(s);
                ReadCommand(s);
            });
            using ControlClient client = ControlClient.Connect(peer.Path, TimeSpan.FromSeconds(5));
            int events = 0;
            client.EventsReceived = array => events += array.Count;

            JsonObject first = client.Call(new JsonObject { ["op"] = "state" });
            JsonObject second = client.Call(new JsonObject { ["op"] = "sync" });

            Assert.Multiple(() =>
            {
                Assert.That(first["n"]!.GetValue<int>(), Is.EqualTo(1));
                Assert.That(second["n"]!.GetValue<int>(), Is.EqualTo(2), "the second answer came in the first read and is kept");
                Assert.That(events, Is.EqualTo(1));
                Assert.That(received, Is.EqualTo("{\"op\":\"state\"}"), "one command per line");
            });
        }

        [Test]
        public void NotOkAnswer_Throws_UnlessErrorsAreAllowed()
        {
            using var peer = new Peer(s =>
            {
                ReadCommand(s);
                Answer(s, "{\"ok\":false,\"error\":\"unknown-op\",\"message\":\"no\"}\n");
                ReadCommand(s);
                Answer(s, "{\"ok\":false,\"error\":\"unknown-op\"}\n");
            });
            using ControlClient client = ControlClient.Connect(peer.Path, TimeSpan.FromSeconds(5));

            VhostUserException? refused = Assert.Throws<VhostUserException>(() => client.Call(new JsonObject { ["op"] = "nope" }));
            JsonObject allowed = client.Call(new JsonObject { ["op"] = "nope" }, allowError: true);

            Assert.Multiple(() =>
            {
                Assert.That(refused!.Message, Does.Contain("unknown-op"));
                Assert.That(allowed["error"]!.GetValue<string>(), Is.EqualTo("unknown-op"));
            });
        }

        [Test]
        public void SilentPeer_TimesOut_AtTheCallsOwnTimeout()
        {
            using var release = new ManualResetEventSlim();
            using var peer = new Peer(s =>
            {
                ReadCommand(s);
                release.Wait(TimeSpan.FromSeconds(10));
            });
            using ControlClient client = ControlClient.Connect(peer.Path, TimeSpan.FromSeconds(30));
            var clock = Stopwatch.StartNew();

            VhostUserException? e = Assert.Throws<VhostUserException>(() => client.Call(new JsonObject { ["op"] = "state" }, timeout: Short));
            release.Set();

            Assert.Multiple(() =>
            {
                Assert.That(e!.Message, Does.Contain("no answer"));
                Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "the call's timeout, not the client's 30 s");
            });
        }

        [Test]
        public void PeerClosesInsteadOfAnswering_Throws()
        {
            using var peer = new Peer(s => ReadCommand(s));
            using ControlClient client = ControlClient.Connect(peer.Path, TimeSpan.FromSeconds(5));
            VhostUserException? e = Assert.Throws<VhostUserException>(() => client.Call(new JsonObject { ["op"] = "state" }));
            Assert.That(e!.Message, Does.Contain("closed").Or.Contain("control command"));
        }

        [Test]
        public void AnswerThatIsNotAJsonObject_Throws()
        {
            using var peer = new Peer(s =>
            {
                ReadCommand(s);
                Answer(s, "[1,2]\n");
                ReadCommand(s);
            });
            using ControlClient client = ControlClient.Connect(peer.Path, TimeSpan.FromSeconds(5));
            VhostUserException? e = Assert.Throws<VhostUserException>(() => client.Call(new JsonObject { ["op"] = "state" }));
            Assert.That(e!.Message, Does.Contain("not a JSON object"));
        }

        [Test]
        public void NothingListening_IsAVhostUserException()
        {
            string path = Path.Combine(Path.GetTempPath(), "ff-control-absent-" + Guid.NewGuid().ToString("N")[..8]);
            VhostUserException? e = Assert.Throws<VhostUserException>(() => ControlClient.Connect(path, Short).Dispose());
            Assert.That(e!.Message, Does.Contain(path));
        }
    }
}
