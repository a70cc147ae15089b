using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;
using FsFreeze.VhostUser.Backend;
using FsFreeze.VhostUser.Control;
using FsFreeze.VhostUser.Frontend;

namespace FsFreeze.Conformance.Driver
{
    /// <summary>
    /// fsfreeze-vhost-user-backend (checking mode) on a thread of the test process, with a driver under test behind
    /// it as virtio_uml would put one: register accesses travel over vhost-user (<see cref="VhostUserMmioBridge"/>),
    /// guest memory is shared, and the host side is the control socket. This is how the back-end's driver-testing
    /// ops (<c>raw</c>, <c>forge-used</c>) are checked against the driver model before a real kernel's driver meets
    /// them. One back-end serves a fixture; each <see cref="Connect"/> configures it afresh.
    /// </summary>
    public sealed class BackendDriverHarness : IDisposable
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
        private readonly BackendServer _server;
        private readonly Thread _thread;
        private readonly string _folder;
        private readonly string _socket;
        private readonly string _control;
        private readonly StringWriter _log = new();

        /// <summary>Starts the back-end, in checking mode, on sockets in a fresh temporary folder.</summary>
        public BackendDriverHarness()
        {
            _folder = Directory.CreateTempSubdirectory("ff-raw-").FullName;
            _socket = Path.Combine(_folder, "s");
            _control = Path.Combine(_folder, "c");
            _server = new BackendServer(BackendArguments.Parse(["--socket", _socket, "--control", _control, "--check"]), TextWriter.Synchronized(_log));
            _thread = new Thread(() => _server.Run()) { IsBackground = true, Name = "fsfreeze-vhost-user-backend" };
            _thread.Start();
        }

        /// <summary>The back-end's log so far.</summary>
        public string Log => _log.ToString();

        /// <summary>
        /// Configures the back-end (<paramref name="options"/>, the <c>configure</c> command's), connects a guest whose
        /// driver is made by <paramref name="implementation"/> accepting <paramref name="supportedFeatures"/>, mounts
        /// an ext4 filesystem at / and probes.
        /// </summary>
        public Guest Connect(IDriverImplementation implementation, JsonObject options, ulong supportedFeatures)
        {
            ArgumentNullException.ThrowIfNull(implementation);
            return new Guest(this, implementation, options, supportedFeatures);
        }

        /// <summary>Stops the back-end and removes its sockets.</summary>
        public void Dispose()
        {
            _server.Stop();
            _thread.Join(Timeout);
            _server.Dispose();
            Directory.Delete(_folder, recursive: true);
            _log.Dispose();
        }

        /// <summary>One connected guest: the driver under test, its simulated kernel, and the host's control client.</summary>
        public sealed class Guest : IDisposable
        {
            private const ulong MemoryBase = 0x10_0000;
            private const int MemorySize = 4 << 20;
            private readonly FrontendMemory _memory;
            private readonly VhostUserMmioBridge _bridge;
            private readonly int _violationsBefore;

            internal Guest(BackendDriverHarness harness, IDriverImplementation implementation, JsonObject options, ulong supportedFeatures)
            {
                Control = ControlClient.Connect(harness._control, Timeout);
                Control.EventsReceived = events => Events.AddRange(events.OfType<JsonObject>().Select(e => (JsonObject)e.DeepClone()));
                Control.Call(new JsonObject { ["op"] = "configure", ["options"] = options });

                // The back-end keeps its violations for its whole run; this guest's are the ones after these.
                _violationsBefore = AllViolations().Length;
                JsonObject hello = Control.Call(new JsonObject { ["op"] = "hello" });
                var identity = new VhostUserDeviceIdentity(hello["device_id"]!.GetValue<uint>(), hello["vendor_id"]!.GetValue<uint>(), hello["queue_size_max"]!.GetValue<ushort>());
                _memory = new FrontendMemory(MemoryBase, MemorySize);
                Scheduler = new Scheduler(1, SchedulingPolicy.Fifo);
                Vfs = new VirtualFileSystem(Scheduler);
                DiskDevice disk = Vfs.AddDisk("/dev/vd1", 253, 1);
                Assert.That(Vfs.Mount(FilesystemTypes.Ext4, disk, "/").Error, Is.EqualTo(Errno.None));
                var line = new Line();
                _bridge = new VhostUserMmioBridge(VhostUserFrontend.Connect(harness._socket, Timeout), _memory, identity, line, () => Control.Call(new JsonObject { ["op"] = "sync" }));
                Driver = implementation.Create(_bridge, _memory.Memory, new GuestAddressAllocator(MemoryBase, MemorySize), Vfs, supportedFeatures);
                line.Target = Driver;
                Assert.That(Driver.Probe(), Is.True, "the driver binds over vhost-user");
                Scheduler.RunUntilIdle();
            }

            /// <summary>The driver under test.</summary>
            public IDriverUnderTest Driver { get; }

            /// <summary>The guest's scheduler (virtual time).</summary>
            public Scheduler Scheduler { get; }

            /// <summary>The guest's filesystems.</summary>
            public VirtualFileSystem Vfs { get; }

            /// <summary>The host side.</summary>
            public ControlClient Control { get; }

            /// <summary>Every event the back-end reported, in order.</summary>
            public List<JsonObject> Events { get; } = [];

            /// <summary>Sends a control command and lets the guest run until it is idle (its replies reach the back-end).</summary>
            public JsonObject Host(JsonObject command, bool allowError = false)
            {
                JsonObject answer = Control.Call(command, allowError);
                RunGuest();
                return answer;
            }

            /// <summary>Delivers the device's notifications and runs the guest until <paramref name="done"/> or <paramref name="limit"/> of virtual time.</summary>
            public void RunGuest(Func<bool>? done = null, TimeSpan? limit = null)
            {
                TimeSpan end = Scheduler.Clock.Now + (limit ?? TimeSpan.FromSeconds(5));
                _bridge.PollInterrupts();
                Scheduler.RunUntil(() => (done?.Invoke() ?? false) || Scheduler.Clock.Now >= end);
                Scheduler.RunUntilIdle();
                Control.Call(new JsonObject { ["op"] = "sync" });
            }

            /// <summary>The <c>completed</c> events for <paramref name="requestId"/>.</summary>
            public JsonObject[] Completed(uint requestId) =>
                Events.Where(e => e["type"]!.GetValue<string>() == "completed" && e["request_id"]!.GetValue<uint>() == requestId).ToArray();

            /// <summary>The violations the back-end recorded since this guest connected, as "ID: detail" lines.</summary>
            public string[] Violations() => AllViolations().Skip(_violationsBefore).ToArray();

            private string[] AllViolations() =>
                Control.Call(new JsonObject { ["op"] = "violations" })["violations"]!.AsArray().Select(v => $"{v!["id"]}: {v["detail"]}").ToArray();

            /// <summary>Superblocks with a kernel freeze hold.</summary>
            public SuperBlock[] KernelFrozen() => Vfs.SuperBlocks.Where(static sb => sb.KernelFreezeCount > 0).ToArray();

            /// <summary>Closes the connection and the shared memory.</summary>
            public void Dispose()
            {
                _bridge.Dispose();
                Control.Dispose();
                _memory.Dispose();
            }

            private sealed class Line : IInterruptLine
            {
                public IDriverUnderTest? Target { get; set; }

                public void Raise(MmioInterrupt pending) => Target?.OnInterrupt();
            }
        }
    }
}
