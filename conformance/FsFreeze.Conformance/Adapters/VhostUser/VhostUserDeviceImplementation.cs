using System;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol.Config;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;
using FsFreeze.VhostUser;
using FsFreeze.VhostUser.Control;
using FsFreeze.VhostUser.Frontend;

namespace FsFreeze.Conformance.Adapters.VhostUser
{
    /// <summary>
    /// A virtio-fsfreeze device served by a vhost-user back-end in another process (IUT <c>vhost-user:SOCKET</c>):
    /// the suite is the front-end. The guest's register accesses travel as vhost-user messages through
    /// <see cref="VhostUserMmioBridge"/>, guest memory is a memfd passed with SET_MEM_TABLE, and the host side
    /// speaks the back-end's control protocol on <c>SOCKET.control</c> (or the path after a comma). Each device a
    /// test creates is a fresh connection with the test's options (control command <c>configure</c>).
    /// </summary>
    public sealed class VhostUserDeviceImplementation : IDeviceImplementation, IVhostUserBackend, IDisposable
    {
        /// <summary>The IUT prefix.</summary>
        public const string Prefix = "vhost-user:";

        /// <summary>How the IUT setting reads, for listings.</summary>
        public const string Syntax = "vhost-user:<socket>[,<control socket>]";

        /// <summary>What it is, for listings.</summary>
        public const string Description = "a virtio-fsfreeze vhost-user back-end in another process (control socket default: <socket>.control; see README)";

        /// <summary>How long any answer from the back-end is awaited.</summary>
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

        private readonly ConditionalWeakTable<GuestMemory, FrontendMemory> _memories = new();
        private Connection? _current;

        /// <summary>Drives the back-end listening on <paramref name="socketPath"/>, host side on <paramref name="controlPath"/>.</summary>
        public VhostUserDeviceImplementation(string socketPath, string controlPath)
        {
            SocketPath = socketPath;
            ControlPath = controlPath;
        }

        /// <summary>The vhost-user socket.</summary>
        public string SocketPath { get; }

        /// <summary>The control socket.</summary>
        public string ControlPath { get; }

        /// <inheritdoc />
        public string Name => "vhost-user-device";

        /// <inheritdoc />
        public (string Socket, string Control) Endpoints() => (SocketPath, ControlPath);

        /// <summary>Parses the part after <see cref="Prefix"/>.</summary>
        public static VhostUserDeviceImplementation Parse(string argument)
        {
            ArgumentNullException.ThrowIfNull(argument);
            int comma = argument.IndexOf(',', StringComparison.Ordinal);
            return comma < 0
                ? new VhostUserDeviceImplementation(argument, argument + ".control")
                : new VhostUserDeviceImplementation(argument[..comma], argument[(comma + 1)..]);
        }

        /// <inheritdoc />
        public GuestMemory AllocateMemory(ulong guestPhysicalAddress, int size)
        {
            var shared = new FrontendMemory(guestPhysicalAddress, size);
            _memories.Add(shared.Memory, shared);
            return shared.Memory;
        }

        /// <inheritdoc />
        public DeviceUnderTest Create(FsFreezeDeviceOptions options, GuestMemory memory, IInterruptLine interruptLine)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(memory);

            // One device at a time: the back-end serves one front-end, and the previous test is over.
            _current?.Dispose();
            _current = null;
            var control = ControlClient.Connect(ControlPath, Timeout);
            try
            {
                JsonObject configured = control.Call(new JsonObject { ["op"] = "configure", ["options"] = OptionsJson(options) }, allowError: true);
                if (configured["ok"]?.GetValue<bool>() != true)
                {
                    // The back-end refuses options that break FF-DEV-2/3/5, as the reference constructor does.
                    throw new ArgumentOutOfRangeException(nameof(options), $"the back-end refused the options: {configured["message"]}");
                }

                if (!_memories.TryGetValue(memory, out FrontendMemory? shared))
                {
                    throw new InvalidOperationException("guest memory for a vhost-user device must come from AllocateMemory (it is shared with the back-end)");
                }

                JsonObject hello = control.Call(new JsonObject { ["op"] = "hello" });
                JsonNode config = hello["config"]!;
                var identity = new VhostUserDeviceIdentity(hello["device_id"]!.GetValue<uint>(), hello["vendor_id"]!.GetValue<uint>(), hello["queue_size_max"]!.GetValue<ushort>());
                VhostUserFrontend frontend = VhostUserFrontend.Connect(SocketPath, Timeout);
                VhostUserMmioBridge? bridge = null;
                RemoteDeviceEndpoint? endpoint = null;
                void Sync()
                {
                    control.Call(new JsonObject { ["op"] = "sync" });
                }

                bridge = new VhostUserMmioBridge(frontend, shared, identity, interruptLine, Sync);
                endpoint = new RemoteDeviceEndpoint(
                    control,
                    new FsFreezeConfig(config["request_size"]!.GetValue<uint>(), config["max_entries"]!.GetValue<uint>(), config["max_deadline_ms"]!.GetValue<uint>()),
                    () => bridge.PollInterrupts());
                _current = new Connection(control, bridge, shared);
                return new DeviceUnderTest(bridge, endpoint);
            }
            catch
            {
                if (_current is null)
                {
                    control.Dispose();
                }

                throw;
            }
        }

        /// <inheritdoc />
        public override string ToString() => Name;

        /// <summary>Closes the current connection and its shared memory.</summary>
        public void Dispose()
        {
            _current?.Dispose();
            _current = null;
        }

        private static JsonObject OptionsJson(FsFreezeDeviceOptions options) => new()
        {
            ["offered_features"] = options.OfferedFeatures,
            ["queue_size_max"] = options.QueueSizeMax,
            ["vendor_id"] = options.VendorId,
            ["request_size"] = options.Config.RequestSize,
            ["max_entries"] = options.Config.MaxEntries,
            ["max_deadline_ms"] = options.Config.MaxDeadlineMs,
        };

        private sealed class Connection : IDisposable
        {
            private readonly ControlClient _control;
            private readonly VhostUserMmioBridge _bridge;
            private readonly FrontendMemory _memory;

            public Connection(ControlClient control, VhostUserMmioBridge bridge, FrontendMemory memory)
            {
                _control = control;
                _bridge = bridge;
                _memory = memory;
            }

            public void Dispose()
            {
                // The test that used it is over; a late read of its memory throws ObjectDisposedException, never faults.
                _bridge.Dispose();
                _control.Dispose();
                _memory.Dispose();
            }
        }
    }
}
