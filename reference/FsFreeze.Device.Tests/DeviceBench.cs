using System;
using System.Collections.Generic;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;
using Wire = FsFreeze.Protocol.FsFreezeDevice;

namespace FsFreeze.Device.Tests
{
    /// <summary>
    /// The reference device behind the reference virtio-mmio transport, with the test playing the guest through
    /// <see cref="MmioDriverSession"/> (the driver end of the same rings). The conformance suite's GuestBench does the
    /// same for every device implementation; this one lives below it (DESIGN.md layers) so the Device layer's own unit
    /// tests need not build the suite. It records every observer and inspector call.
    /// </summary>
    internal sealed class DeviceBench : IFsFreezeDeviceObserver, IReplyInspector
    {
        public const ulong MemoryBase = 0x10_0000;
        private const int MemorySize = 1 << 20;
        private const ulong RingBytes = 64 << 10;

        private readonly GuestAddressAllocator _buffers;
        private readonly Dictionary<ulong, (ulong Address, uint Length)> _requestBuffers = [];
        private readonly Dictionary<(uint Queue, ulong Register), uint> _queueAddresses = [];
        private uint _queueSel;
        private ulong _nextToken = 1;

        public DeviceBench(FsFreezeDeviceOptions? options = null, bool observe = true)
        {
            Memory = GuestMemory.Allocate(MemoryBase, MemorySize);
            Device = new Emulation.FsFreezeDevice(options);
            Transport = new VirtioMmioTransport(Device, Memory);
            if (observe)
            {
                Device.SetObserver(this);
                Device.SetReplyInspector(this);
            }

            _buffers = new GuestAddressAllocator(MemoryBase + RingBytes, MemorySize - (int)RingBytes);
        }

        public GuestMemory Memory { get; }

        public Emulation.FsFreezeDevice Device { get; }

        public VirtioMmioTransport Transport { get; }

        public MmioDriverSession? Session { get; private set; }

        public DeviceStatus Status => Transport.Status;

        public bool NeedsReset => (Transport.Status & DeviceStatus.DeviceNeedsReset) != 0;

        public IDriverQueue RequestQueue => Session!.GetQueue(Wire.RequestQueueIndex);

        public IDriverQueue ReplyQueue => Session!.GetQueue(Wire.ReplyQueueIndex);

        // What the device told its observer and inspector, in order.
        public List<(uint RequestId, ReplyVerdict Verdict)> Completed { get; } = [];

        public List<ReplyVerdict> Events { get; } = [];

        public List<(uint Control, uint Status)> DriverGone { get; } = [];

        public List<(RawRequest Request, byte[] Message)> RawReplies { get; } = [];

        public List<(byte[] Message, ReplyVerdict Verdict)> IgnoredMessages { get; } = [];

        public List<RawRequest> RawDropped { get; } = [];

        /// <summary>Initialises as a driver would and posts <paramref name="requestBuffers"/> request buffers of request_size bytes.</summary>
        public DeviceBench Start(ulong features = FsFreezeFeature.KnownMask, int requestBuffers = 2, int queueCount = Wire.QueueCount)
        {
            var options = new MmioDriverOptions { SupportedFeatures = features, QueueCount = queueCount, MaxQueueSize = 8 };
            MmioDriverError error = MmioDriverSession.TryInitialize(new AddressRecorder(this), Memory, new GuestAddressAllocator(MemoryBase, RingBytes), options, out MmioDriverSession? session);
            if (error != MmioDriverError.None)
            {
                throw new InvalidOperationException($"Driver initialisation failed: {error}");
            }

            Session = session;
            for (int i = 0; i < requestBuffers; i++)
            {
                PostRequestBuffer();
            }

            return this;
        }

        /// <summary>The guest-physical address of requestq's used ring, as the driver wrote it into QueueDevice.</summary>
        public ulong RequestUsedRingAddress() => QueueAddress(Wire.RequestQueueIndex, MmioRegister.QueueDeviceLow, MmioRegister.QueueDeviceHigh);

        public ulong Allocate(uint length)
        {
            if (!_buffers.TryAllocate(Math.Max(length, 1u), 16, out ulong address))
            {
                throw new InvalidOperationException("The bench ran out of guest memory.");
            }

            return address;
        }

        /// <summary>Posts one device-writable request buffer (default request_size bytes) and notifies.</summary>
        public void PostRequestBuffer(uint? length = null)
        {
            uint size = length ?? Device.Config.RequestSize;
            ulong address = Allocate(size);
            ulong token = _nextToken++;
            Check(RequestQueue.TryAdd([], [new BufferSpec(address, size)], token, useIndirect: false, out ushort head));
            LastRequestHead = head;
            _requestBuffers[token] = (address, size);
            Session!.Notify(Wire.RequestQueueIndex);
        }

        /// <summary>The head of the last request chain posted.</summary>
        public ushort LastRequestHead { get; private set; }

        /// <summary>Posts a request chain of the given readable and writable buffer lengths; returns its buffers' addresses, writable last.</summary>
        public ulong[] PostRequestChain(uint[] readable, uint[] writable)
        {
            BufferSpec[] read = Specs(readable);
            BufferSpec[] write = Specs(writable);
            ulong token = _nextToken++;
            Check(RequestQueue.TryAdd(read, write, token, useIndirect: false, out ushort head));
            LastRequestHead = head;
            var addresses = new List<ulong>();
            foreach (BufferSpec spec in read)
            {
                addresses.Add(spec.Address);
            }

            foreach (BufferSpec spec in write)
            {
                addresses.Add(spec.Address);
            }

            Session!.Notify(Wire.RequestQueueIndex);
            return [.. addresses];
        }

        /// <summary>Reclaims every used request buffer: its bytes (as much as the used length and the buffer allow) and used length.</summary>
        public List<(byte[] Bytes, uint UsedLength, ushort Id)> TakeRequests()
        {
            var taken = new List<(byte[], uint, ushort)>();
            while (RequestQueue.TryReclaim(out UsedBuffer used, out QueueError error))
            {
                Check(error);
                byte[] bytes = [];
                if (_requestBuffers.Remove(used.Token, out (ulong Address, uint Length) buffer))
                {
                    bytes = new byte[Math.Min(used.Length, buffer.Length)];
                    Memory.TryRead(buffer.Address, bytes);
                }

                taken.Add((bytes, used.Length, used.Id));
            }

            return taken;
        }

        /// <summary>Puts <paramref name="bytes"/> on replyq in one device-readable buffer and notifies.</summary>
        public ushort SendReply(byte[] bytes, bool notify = true) => SendReplyChain([(uint)Math.Max(bytes.Length, 1)], [], bytes, notify);

        /// <summary>Puts a reply chain of arbitrary buffers on replyq and notifies (unless told not to); bytes fill the readable ones in order. Returns the head.</summary>
        public ushort SendReplyChain(uint[] readable, uint[] writable, byte[]? bytes = null, bool notify = true)
        {
            BufferSpec[] readSpecs = Specs(readable);
            int offset = 0;
            foreach (BufferSpec spec in readSpecs)
            {
                if (bytes is not null && offset < bytes.Length)
                {
                    int take = Math.Min((int)spec.Length, bytes.Length - offset);
                    Memory.TryWrite(spec.Address, bytes.AsSpan(offset, take));
                    offset += take;
                }
            }

            Check(ReplyQueue.TryAdd(readSpecs, Specs(writable), _nextToken++, useIndirect: false, out ushort head));
            if (notify)
            {
                Session!.Notify(Wire.ReplyQueueIndex);
            }

            return head;
        }

        /// <summary>Points descriptor <paramref name="head"/> of queue <paramref name="queueIndex"/> outside guest memory: a malformed ring (FF-RING-12).</summary>
        public void BreakDescriptor(int queueIndex, ushort head)
        {
            ulong table = QueueAddress(queueIndex, MmioRegister.QueueDescLow, MmioRegister.QueueDescHigh);
            Memory.TryWriteUInt64(table + (16UL * head), 0xDEAD_0000_0000);
        }

        /// <summary>Reclaims the used replyq chains.</summary>
        public List<UsedBuffer> ReclaimReplies()
        {
            var used = new List<UsedBuffer>();
            while (ReplyQueue.TryReclaim(out UsedBuffer buffer, out QueueError error))
            {
                Check(error);
                used.Add(buffer);
            }

            return used;
        }

        /// <summary>A reply header echoing <paramref name="type"/> and <paramref name="id"/>.</summary>
        public static byte[] Reply(RequestType type, uint id, GuestFreezeState state = GuestFreezeState.Thawed, ReplyStatus status = ReplyStatus.Ok) =>
            new FsFreezeReply { Type = (ReplyType)type, RequestId = id, State = state, Status = status }.ToArray();

        /// <summary>An EVENT (request_id 0) with <paramref name="code"/>.</summary>
        public static byte[] Event(EventCode code = EventCode.AutoThawed, uint requestId = 0) =>
            new FsFreezeReply { Type = ReplyType.Event, RequestId = requestId, State = GuestFreezeState.Thawed, Event = code }.ToArray();

        void IFsFreezeDeviceObserver.OnRequestCompleted(uint requestId, in ReplyVerdict verdict) => Completed.Add((requestId, verdict));

        void IFsFreezeDeviceObserver.OnEvent(in ReplyVerdict verdict) => Events.Add(verdict);

        void IFsFreezeDeviceObserver.OnDriverGone(uint controlRequestId, uint statusRequestId) => DriverGone.Add((controlRequestId, statusRequestId));

        void IReplyInspector.OnRawReply(RawRequest request, ReadOnlySpan<byte> message) => RawReplies.Add((request, message.ToArray()));

        void IReplyInspector.OnIgnored(ReadOnlySpan<byte> message, in ReplyVerdict verdict) => IgnoredMessages.Add((message.ToArray(), verdict));

        void IReplyInspector.OnRawDropped(RawRequest request) => RawDropped.Add(request);

        // The Queue* address registers are write-only (virtio 1.4 MMIO): the bench remembers what the driver wrote.
        private ulong QueueAddress(int queueIndex, ulong low, ulong high) =>
            _queueAddresses[((uint)queueIndex, low)] | ((ulong)_queueAddresses[((uint)queueIndex, high)] << 32);

        private sealed class AddressRecorder(DeviceBench bench) : IMmioRegisterFile
        {
            public uint Read(ulong offset, int width) => bench.Transport.Read(offset, width);

            public void Write(ulong offset, int width, uint value)
            {
                if (offset == MmioRegister.QueueSel)
                {
                    bench._queueSel = value;
                }
                else if (offset is >= MmioRegister.QueueDescLow and <= MmioRegister.QueueDeviceHigh)
                {
                    bench._queueAddresses[(bench._queueSel, offset)] = value;
                }

                bench.Transport.Write(offset, width, value);
            }
        }

        private BufferSpec[] Specs(uint[] lengths)
        {
            var specs = new BufferSpec[lengths.Length];
            for (int i = 0; i < lengths.Length; i++)
            {
                specs[i] = new BufferSpec(Allocate(lengths[i]), lengths[i]);
            }

            return specs;
        }

        private static void Check(QueueError error)
        {
            if (error != QueueError.None)
            {
                throw new InvalidOperationException($"The bench's own ring operation failed: {error}");
            }
        }
    }
}
