using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;
using FsFreeze.VhostUser.Control;
using FsFreeze.VhostUser.Frontend;

namespace FsFreeze.VhostUser.Tests
{
    /// <summary>
    /// A guest the test scripts by hand in front of an in-process back-end: the core's generic driver session
    /// initialises the device over vhost-user (<see cref="VhostUserMmioBridge"/>), posts request buffers, reads what
    /// the device completes, and sends whatever reply bytes the test chooses, right or wrong. The host side is the
    /// back-end's control socket.
    /// </summary>
    internal sealed class ScriptedGuest : IDisposable
    {
        public const ulong MemoryBase = 0x10_0000;
        private const int MemorySize = 1 << 20;
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
        private readonly FrontendMemory _memory;
        private readonly VhostUserMmioBridge _bridge;
        private readonly GuestAddressAllocator _allocator = new(MemoryBase, MemorySize);
        private readonly Dictionary<ulong, ulong> _requestBuffers = [];
        private ulong _nextToken = 1;

        /// <summary>Configures the back-end with <paramref name="options"/>, then connects and initialises the device, accepting <paramref name="features"/>.</summary>
        public ScriptedGuest(RunningBackend backend, ulong features, JsonObject? options = null, int requestBuffers = 2)
        {
            Control = ControlClient.Connect(backend.Control, Timeout);
            Control.EventsReceived = events => Events.AddRange(events.Select(e => e!.DeepClone()));
            Control.Call(new JsonObject { ["op"] = "configure", ["options"] = options ?? new JsonObject() });
            JsonObject hello = Control.Call(new JsonObject { ["op"] = "hello" });
            RequestSize = hello["config"]!["request_size"]!.GetValue<uint>();
            _memory = new FrontendMemory(MemoryBase, MemorySize);
            var identity = new VhostUserDeviceIdentity(hello["device_id"]!.GetValue<uint>(), hello["vendor_id"]!.GetValue<uint>(), hello["queue_size_max"]!.GetValue<ushort>());
            _bridge = new VhostUserMmioBridge(VhostUserFrontend.Connect(backend.Socket, Timeout), _memory, identity, null, Sync);
            MmioDriverError error = MmioDriverSession.TryInitialize(_bridge, _memory.Memory, _allocator, new MmioDriverOptions { SupportedFeatures = features, QueueCount = 2, MaxQueueSize = 16 }, out MmioDriverSession? session);
            Assert.That(error, Is.EqualTo(MmioDriverError.None), "the device initialises");
            Session = session!;
            Assert.That(Session.ReadStatus() & DeviceStatus.DriverOk, Is.EqualTo(DeviceStatus.DriverOk));
            for (int i = 0; i < requestBuffers; i++)
            {
                PostRequestBuffer();
            }

            Session.Notify(0);
            Sync();
        }

        public ControlClient Control { get; }

        public MmioDriverSession Session { get; }

        public uint RequestSize { get; }

        /// <summary>Every event the back-end reported, in order.</summary>
        public List<JsonNode> Events { get; } = [];

        public GuestMemory Memory => _memory.Memory;

        /// <summary>A control command; its answer.</summary>
        public JsonObject Host(JsonObject command, bool allowError = false) => Control.Call(command, allowError);

        /// <summary>The back-end's violation list, as "ID: detail" lines.</summary>
        public string[] Violations() =>
            Control.Call(new JsonObject { ["op"] = "violations" })["violations"]!.AsArray().Select(v => $"{v!["id"]}: {v["detail"]}").ToArray();

        /// <summary>The <c>completed</c> events for <paramref name="requestId"/> so far.</summary>
        public JsonObject[] Completed(uint requestId) =>
            Events.OfType<JsonObject>().Where(e => e["type"]!.GetValue<string>() == "completed" && e["request_id"]!.GetValue<uint>() == requestId).ToArray();

        /// <summary>A round trip that makes the back-end handle every kick first.</summary>
        public void Sync() => Control.Call(new JsonObject { ["op"] = "sync" });

        /// <summary>Posts one device-writable request buffer of request_size bytes (not notified).</summary>
        public void PostRequestBuffer()
        {
            Assert.That(_allocator.TryAllocate(RequestSize, 8, out ulong address), Is.True);
            ulong token = _nextToken++;
            Assert.That(Session.GetQueue(0).TryAdd(ReadOnlySpan<BufferSpec>.Empty, [new BufferSpec(address, RequestSize)], token, false, out _), Is.EqualTo(QueueError.None));
            _requestBuffers[token] = address;
        }

        /// <summary>Takes the next requestq completion: the bytes of the used length when it was accepted, the ring's refusal otherwise.</summary>
        public (byte[]? Bytes, UsedBuffer Used, QueueError Error) TakeRequest()
        {
            bool ok = Session.GetQueue(0).TryReclaim(out UsedBuffer used, out QueueError error);
            if (!ok)
            {
                return (null, used, error);
            }

            byte[] bytes = new byte[used.Length];
            Assert.That(Memory.TryRead(_requestBuffers[used.Token], bytes), Is.True);
            return (bytes, used, QueueError.None);
        }

        /// <summary>Sends <paramref name="message"/> on replyq and waits until the back-end handled it.</summary>
        public void Reply(byte[] message)
        {
            Assert.That(_allocator.TryAllocate((ulong)message.Length, 8, out ulong address), Is.True);
            Assert.That(Memory.TryWrite(address, message), Is.True);
            Assert.That(Session.GetQueue(1).TryAdd([new BufferSpec(address, (uint)message.Length)], ReadOnlySpan<BufferSpec>.Empty, _nextToken++, false, out _), Is.EqualTo(QueueError.None));
            Session.Notify(1);
            Sync();
            while (Session.GetQueue(1).TryReclaim(out _, out _))
            {
            }
        }

        /// <summary>A reply of <paramref name="type"/> with <paramref name="status"/> echoing <paramref name="requestId"/>, the guest thawed.</summary>
        public static byte[] ReplyBytes(ushort type, ReplyStatus status, uint requestId) =>
            new FsFreezeReply { Type = (ReplyType)type, Status = status, RequestId = requestId, State = GuestFreezeState.Thawed }.ToArray();

        public void Dispose()
        {
            _bridge.Dispose();
            Control.Dispose();
            _memory.Dispose();
        }
    }
}
