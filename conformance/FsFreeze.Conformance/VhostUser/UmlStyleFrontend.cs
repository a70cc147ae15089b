using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using FsFreeze.Conformance.Adapters.VhostUser;
using FsFreeze.Protocol;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.VhostUser.Control;
using FsFreeze.VhostUser.Frontend;
using FsFreeze.VhostUser.Native;
using FsFreeze.VhostUser.Protocol;
using FsFreeze.VhostUser.Transport;

namespace FsFreeze.Conformance.VhostUser
{
    /// <summary>
    /// The suite as a front-end that speaks vhost-user the way Linux's virtio_uml does (no STATUS: the back-end must
    /// infer the status, FF-VU-2), with its own split driver ends over a memfd, and the back-end's control socket for
    /// the host side. Every wait is bounded.
    /// </summary>
    internal sealed class UmlStyleFrontend : IDisposable
    {
        public const ulong MemoryBase = 0x10_0000;
        public const int MemorySize = 1 << 20;
        /// <summary>What virtio_uml asks for on every ring (MAX_SUPPORTED_QUEUE_SIZE).</summary>
        public const ushort QueueSize = 256;
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
        private readonly GuestAddressAllocator _buffers = new(MemoryBase + (64 << 10), MemorySize - (64 << 10));
        private ulong _token = 1;
        private ulong _accepted;

        private UmlStyleFrontend(IVhostUserBackend backend)
        {
            (string socket, string control) = backend.Endpoints();
            Control = ControlClient.Connect(control, Timeout);
            Control.EventsReceived = events =>
            {
                foreach (JsonNode? e in events)
                {
                    Events.Add(e!.DeepClone());
                }
            };

            // A fresh device with the reference defaults; whoever was connected is dropped.
            Control.Call(new JsonObject { ["op"] = "configure", ["options"] = new JsonObject() });
            Frontend = VhostUserFrontend.Connect(socket, Timeout);
        }

        public ControlClient Control { get; }

        public VhostUserFrontend Frontend { get; }

        public FrontendMemory Memory { get; } = new(MemoryBase, MemorySize);

        public List<JsonNode> Events { get; } = [];

        public IDriverQueue[] Queues { get; } = new IDriverQueue[FsFreezeDevice.QueueCount];

        public EventNotifier[] Kicks { get; } = [EventNotifier.Create(), EventNotifier.Create()];

        public EventNotifier[] Calls { get; } = [EventNotifier.Create(), EventNotifier.Create()];

        public VhostUserChannel? BackendRequests { get; private set; }

        public static UmlStyleFrontend Open(IVhostUserBackend backend) => new(backend);

        /// <summary>virtio_uml's order: owner, features, protocol features, request channel, SET_FEATURES, memory, rings, kicks, enable.</summary>
        public UmlStyleFrontend Start(bool backendChannel = true)
        {
            Check(Frontend.SetOwner(), "SET_OWNER");
            ulong features = Frontend.GetFeatures();
            ulong protocol = Frontend.GetProtocolFeatures() & (VhostUserFeatures.Mask(VhostUserProtocolFeature.ReplyAck)
                | VhostUserFeatures.Mask(VhostUserProtocolFeature.Config)
                | (backendChannel ? VhostUserFeatures.Mask(VhostUserProtocolFeature.BackendReq) : 0));
            Check(Frontend.SetProtocolFeatures(protocol), "SET_PROTOCOL_FEATURES");
            if (backendChannel)
            {
                (VhostUserChannel ours, VhostUserChannel theirs) = VhostUserChannel.CreatePair();
                BackendRequests = ours;
                using (theirs)
                {
                    Check(Frontend.SetBackendReqFd(theirs.Fd), "SET_BACKEND_REQ_FD");
                }
            }

            _accepted = features & (FsFreezeFeature.KnownMask | VirtioFeatureBit.Mask(VirtioFeatureBit.Version1) | VhostUserFeatures.ProtocolFeatures);
            Check(Frontend.SetFeatures(_accepted), "SET_FEATURES");
            SetUpRings();
            return this;
        }

        /// <summary>
        /// virtio_uml's reset and re-initialisation (del_vqs, then find_vqs): every ring disabled in reverse order, a
        /// GET_FEATURES round trip, then (the driver finalizing its features again) SET_FEATURES, the memory table
        /// again and fresh rings, as a driver's reset work does. Linux 6.1's virtio_uml sends that second
        /// SET_FEATURES without VHOST_USER_F_PROTOCOL_FEATURES (bit 30: its first finalize cleared the bit from the
        /// device's features) and so sends no SET_VRING_ENABLE: the rings start enabled when kicked.
        /// </summary>
        public UmlStyleFrontend Restart()
        {
            // Without bit 30 virtio_uml cannot disable a ring and sends nothing to stop it.
            for (int i = Queues.Length - 1; i >= 0 && (_accepted & VhostUserFeatures.ProtocolFeatures) != 0; i--)
            {
                Check(Frontend.SetVringEnable((uint)i, false), "SET_VRING_ENABLE 0");
            }

            Frontend.GetFeatures();
            _accepted &= ~VhostUserFeatures.ProtocolFeatures;
            Check(Frontend.SetFeatures(_accepted), "SET_FEATURES");
            SetUpRings();
            return this;
        }

        private void SetUpRings()
        {
            bool enable = (_accepted & VhostUserFeatures.ProtocolFeatures) != 0;
            Check(Frontend.SetMemTable([Memory.Region], [Memory.Fd.Fd]), "SET_MEM_TABLE");
            var rings = new GuestAddressAllocator(MemoryBase, 64 << 10);
            Memory.Memory.TryWrite(MemoryBase, new byte[64 << 10]);
            for (uint i = 0; i < Queues.Length; i++)
            {
                VirtqueueAreas areas = VirtqueueAreas.For(false, QueueSize);
                rings.TryAllocate(areas.DescriptorBytes, areas.DescriptorAlignment, out ulong desc);
                rings.TryAllocate(areas.DriverBytes, areas.DriverAlignment, out ulong avail);
                rings.TryAllocate(areas.DeviceBytes, areas.DeviceAlignment, out ulong used);
                DriverQueueFactory.TryCreate(Memory.Memory, new QueueConfiguration(QueueSize, desc, avail, used, _accepted), 0, 0, out IDriverQueue? queue);
                Queues[i] = queue!;
                Check(Frontend.SetVringCall(i, Calls[i].Descriptor.Fd), "SET_VRING_CALL");
                Check(Frontend.SetVringNum(i, QueueSize), "SET_VRING_NUM");
                Check(Frontend.SetVringBase(i, 0), "SET_VRING_BASE");
                Check(Frontend.SetVringAddr(new VringAddress(i, 0, desc, used, avail, ulong.MaxValue)), "SET_VRING_ADDR");
            }

            for (uint i = 0; i < Queues.Length; i++)
            {
                Check(Frontend.SetVringKick(i, Kicks[i].Descriptor.Fd), "SET_VRING_KICK");
                if (enable)
                {
                    Check(Frontend.SetVringEnable(i, true), "SET_VRING_ENABLE");
                }
            }
        }

        /// <summary>Posts a chain and kicks its ring.</summary>
        public void Post(int queue, byte[]? readable, uint writable)
        {
            var read = new List<BufferSpec>();
            if (readable is not null)
            {
                _buffers.TryAllocate((ulong)readable.Length, 16, out ulong address);
                Memory.Memory.TryWrite(address, readable);
                read.Add(new BufferSpec(address, (uint)readable.Length));
            }

            var write = new List<BufferSpec>();
            if (writable > 0)
            {
                _buffers.TryAllocate(writable, 16, out ulong address);
                write.Add(new BufferSpec(address, writable));
            }

            QueueError error = Queues[queue].TryAdd(read.ToArray(), write.ToArray(), _token++, false, out _);
            if (error != QueueError.None)
            {
                throw new InvalidOperationException($"the suite's own ring operation failed: {error}");
            }

            Kicks[queue].Signal();
        }

        public JsonObject Host(string op) => Control.Call(new JsonObject { ["op"] = op });

        public JsonObject State() => Host("state");

        /// <summary>True when the back-end sent <paramref name="request"/> on the request channel within the timeout.</summary>
        public bool ReceivedBackendRequest(VhostUserBackendRequest request)
        {
            DateTime deadline = DateTime.UtcNow + Timeout;
            while (BackendRequests is not null && DateTime.UtcNow < deadline)
            {
                if (!BackendRequests.Poll(TimeSpan.FromMilliseconds(100)))
                {
                    continue;
                }

                using VhostUserMessage? message = BackendRequests.Receive(Timeout);
                if (message is null)
                {
                    return false;
                }

                if (message.Header.Request == (uint)request)
                {
                    return true;
                }
            }

            return false;
        }

        public void Dispose()
        {
            Frontend.Dispose();
            Control.Dispose();
            BackendRequests?.Dispose();
            foreach (EventNotifier n in Kicks)
            {
                n.Dispose();
            }

            foreach (EventNotifier n in Calls)
            {
                n.Dispose();
            }

            Memory.Dispose();
        }

        private static void Check(ulong status, string step)
        {
            if (status != 0)
            {
                throw new InvalidOperationException($"the back-end refused {step} (REPLY_ACK status {status})");
            }
        }
    }
}
