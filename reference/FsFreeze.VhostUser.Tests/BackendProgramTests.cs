using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using FsFreeze.VhostUser.Backend;
using FsFreeze.VhostUser.Frontend;
using FsFreeze.VhostUser.Protocol;

namespace FsFreeze.VhostUser.Tests
{
    /// <summary>fsfreeze-vhost-user-backend run in-process: the control protocol, checking mode, one front-end at a time, stopping.</summary>
    public sealed class BackendProgramTests
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

        [Test]
        public void Control_RefusesBadJson_UnknownOps_AndInvalidOptions_AndKeepsServing()
        {
            using var backend = new RunningBackend(check: false);
            using var control = new LineClient(backend.Control);
            Assert.Multiple(() =>
            {
                Assert.That(control.Call("{not json")["error"]!.GetValue<string>(), Is.EqualTo("bad-json"));
                Assert.That(control.Call("{\"op\":\"reboot\"}")["error"]!.GetValue<string>(), Is.EqualTo("unknown-op"));
                Assert.That(control.Call("{\"op\":\"configure\",\"options\":{\"request_size\":8}}")["error"]!.GetValue<string>(), Is.EqualTo("invalid-options"), "FF-DEV-5: request_size of at least 16");
                Assert.That(control.Call("{\"op\":\"freeze\",\"selectors\":[{\"kind\":\"inode\"}]}")["error"]!.GetValue<string>(), Is.EqualTo("bad-command"));
                JsonObject hello = control.Call("{\"op\":\"hello\"}");
                Assert.That((hello["ok"]!.GetValue<bool>(), hello["device_id"]!.GetValue<uint>(), hello["queue_count"]!.GetValue<int>()), Is.EqualTo((true, 65535u, 2)));
                Assert.That(hello["queue_size_max"]!.GetValue<int>(), Is.EqualTo(256), "virtio_uml's ring size");
                Assert.That(control.Call("{\"op\":\"status\"}")["outcome"]!.GetValue<string>(), Is.EqualTo("NoDriver"), "no front-end yet");
            });
        }

        [Test]
        public void CheckingMode_ListsTheDriverRequirementsBroken()
        {
            using var backend = new RunningBackend(check: true);
            using var control = new LineClient(backend.Control);
            using (VhostUserFrontend fe = VhostUserFrontend.Connect(backend.Socket, Timeout))
            {
                fe.SetOwner();
                fe.SetProtocolFeatures(VhostUserFeatures.Mask(VhostUserProtocolFeature.ReplyAck) | VhostUserFeatures.Mask(VhostUserProtocolFeature.Config));
                fe.SetConfig(0, new byte[4]);
                fe.SetFeatures(1UL << 20);
            }

            JsonObject answer = control.Call("{\"op\":\"violations\"}");
            string ids = answer["violations"]!.ToJsonString();
            Assert.Multiple(() =>
            {
                Assert.That(answer["checking"]!.GetValue<bool>(), Is.True);
                Assert.That(ids, Does.Contain("FF-DRV-6"), "a driver write to the configuration");
                Assert.That(ids, Does.Contain("FF-DRV-4"), "a feature bit not offered, VERSION_1 missing");
                Assert.That(backend.Log.ToString(), Does.Contain("VIOLATION FF-DRV-6"));
            });
        }

        [Test]
        public void WithoutCheck_NothingIsRecorded()
        {
            using var backend = new RunningBackend(check: false);
            using var control = new LineClient(backend.Control);
            using (VhostUserFrontend fe = VhostUserFrontend.Connect(backend.Socket, Timeout))
            {
                fe.SetFeatures(1UL << 20);
                fe.GetFeatures();
            }

            Assert.That(control.Call("{\"op\":\"violations\"}")["violations"]!.AsArray(), Is.Empty);
        }

        [Test]
        public void ANewFrontend_ReplacesTheConnectedOne()
        {
            using var backend = new RunningBackend(check: false);
            using VhostUserFrontend first = VhostUserFrontend.Connect(backend.Socket, Timeout);
            Assert.That(first.GetQueueNum(), Is.EqualTo(2UL));
            using VhostUserFrontend second = VhostUserFrontend.Connect(backend.Socket, Timeout);
            Assert.That(second.GetQueueNum(), Is.EqualTo(2UL));
            Assert.That(() => first.GetQueueNum(), Throws.InstanceOf<VhostUserException>(), "the first connection was closed");
        }

        [Test]
        public void Wait_AnswersAfterItsTimeout_WhenNothingHappens()
        {
            using var backend = new RunningBackend(check: false);
            using var control = new LineClient(backend.Control);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Assert.That(control.Call("{\"op\":\"wait\",\"timeout_ms\":150}")["ok"]!.GetValue<bool>(), Is.True);
            Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(140)).And.LessThan(Timeout));
        }

        [Test]
        public void Stop_EndsTheLoop_AndRemovesTheSockets()
        {
            var backend = new RunningBackend(check: false);
            string socket = backend.Socket;
            backend.Dispose();
            Assert.That(backend.ExitCode, Is.Zero);
            Assert.That(File.Exists(socket), Is.False);
        }

        [Test]
        public void Arguments_SocketIsRequired_UnknownOptionsRefused()
        {
            Assert.Multiple(() =>
            {
                Assert.That(() => BackendArguments.Parse([]), Throws.ArgumentException);
                Assert.That(() => BackendArguments.Parse(["--socket", "/tmp/x", "--frobnicate"]), Throws.ArgumentException);
                Assert.That(BackendArguments.Parse(["--socket", "/tmp/x", "--check"]).Check, Is.True);
            });
        }

        /// <summary>A minimal control client: one line out, one line back, bounded by a timeout.</summary>
        private sealed class LineClient : IDisposable
        {
            private readonly System.Net.Sockets.Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            private readonly StreamReader _reader;

            public LineClient(string path)
            {
                _socket.Connect(new UnixDomainSocketEndPoint(path));
                _socket.ReceiveTimeout = (int)Timeout.TotalMilliseconds;
                _reader = new StreamReader(new NetworkStream(_socket), Encoding.UTF8);
            }

            public JsonObject Call(string line)
            {
                _socket.Send(Encoding.UTF8.GetBytes(line + "\n"));
                return (JsonObject)JsonNode.Parse(_reader.ReadLine() ?? throw new IOException("closed"))!;
            }

            public void Dispose()
            {
                _reader.Dispose();
                _socket.Dispose();
            }
        }
    }
}
