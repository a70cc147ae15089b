using System;
using System.Collections.Generic;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Transport;
using FsFreeze.Device.Emulation;
using FsFreeze.Device.Host;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Requests;
using FsFreeze.Simulation;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;
using Wire = FsFreeze.Protocol.FsFreezeDevice;

namespace FsFreeze.Conformance.Device
{
    /// <summary>
    /// A virtio-fsfreeze device under test with the suite playing the guest: it initialises through
    /// <see cref="MmioDriverSession"/>, posts request buffers, reads the requests the device wrote and writes reply
    /// bytes of its own choosing (valid or hostile) on replyq. The host API runs on a virtual clock.
    /// </summary>
    public sealed class GuestBench
    {
        /// <summary>Guest-physical base of the guest memory.</summary>
        public const ulong MemoryBase = 0x10_0000;

        /// <summary>Bytes of guest memory.</summary>
        public const int MemorySize = 4 << 20;

        private const ulong RingBytes = 256 << 10;

        private readonly GuestAddressAllocator _buffers;
        private readonly Dictionary<ulong, (ulong Address, uint Length)> _requestBuffers = [];
        private ulong _nextToken = 1;

        /// <summary>Creates a device with <paramref name="options"/> (default: the reference defaults).</summary>
        /// <param name="implementation">The device under test.</param>
        /// <param name="options">The device's options.</param>
        /// <param name="clock">The host's clock (a new one when null).</param>
        /// <param name="memory">Guest memory of <see cref="MemorySize"/> bytes at <see cref="MemoryBase"/> (for example one with guard bands); a new one when null.</param>
        public GuestBench(IDeviceImplementation implementation, FsFreezeDeviceOptions? options = null, VirtualClock? clock = null, GuestMemory? memory = null)
        {
            ArgumentNullException.ThrowIfNull(implementation);
            Options = options ?? new FsFreezeDeviceOptions();
            Memory = memory ?? implementation.AllocateMemory(MemoryBase, MemorySize);
            Line = new RecordingInterruptLine();
            DeviceUnderTest dut = implementation.Create(Options, Memory, Line);
            Registers = dut.Registers;
            Endpoint = dut.Endpoint;
            Clock = clock ?? new VirtualClock();
            Host = new FsFreezeHost(Endpoint, Clock);
            _buffers = new GuestAddressAllocator(MemoryBase + RingBytes, MemorySize - RingBytes);
        }

        /// <summary>The device's options.</summary>
        public FsFreezeDeviceOptions Options { get; }

        /// <summary>Guest memory.</summary>
        public GuestMemory Memory { get; }

        /// <summary>The interrupt line.</summary>
        public RecordingInterruptLine Line { get; }

        /// <summary>The device's register file.</summary>
        public IMmioRegisterFile Registers { get; }

        /// <summary>The device's host-facing endpoint.</summary>
        public IFsFreezeDeviceEndpoint Endpoint { get; }

        /// <summary>The virtual clock of the host.</summary>
        public VirtualClock Clock { get; }

        /// <summary>The host API over the device.</summary>
        public FsFreezeHost Host { get; }

        /// <summary>The driver session, once initialised.</summary>
        public MmioDriverSession? Session { get; private set; }

        /// <summary>Device Status as the guest reads it.</summary>
        public DeviceStatus Status => (DeviceStatus)Registers.Read(MmioRegister.Status, 4);

        /// <summary>requestq's driver end.</summary>
        public IDriverQueue RequestQueue => Session!.GetQueue(Wire.RequestQueueIndex);

        /// <summary>replyq's driver end.</summary>
        public IDriverQueue ReplyQueue => Session!.GetQueue(Wire.ReplyQueueIndex);

        /// <summary>
        /// Initialises as a driver would, accepting <paramref name="features"/> (device-specific bits), and posts
        /// <paramref name="requestBuffers"/> request buffers of <c>request_size</c> bytes (FF-DRV-2).
        /// </summary>
        public GuestBench Start(ulong features = FsFreezeFeature.KnownMask, int requestBuffers = 2)
        {
            var ringAllocator = new GuestAddressAllocator(MemoryBase, RingBytes);
            var options = new MmioDriverOptions { SupportedFeatures = features, QueueCount = Wire.QueueCount, MaxQueueSize = 16 };
            MmioDriverError error = MmioDriverSession.TryInitialize(Registers, Memory, ringAllocator, options, out MmioDriverSession? session);
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

        /// <summary>Allocates <paramref name="length"/> bytes of guest memory for a buffer.</summary>
        public ulong Allocate(uint length)
        {
            if (!_buffers.TryAllocate(Math.Max(length, 1u), 16, out ulong address))
            {
                throw new InvalidOperationException("The bench ran out of guest memory.");
            }

            return address;
        }

        /// <summary>Posts one device-writable request buffer of <paramref name="length"/> bytes (default <c>request_size</c>).</summary>
        public void PostRequestBuffer(uint? length = null)
        {
            uint size = length ?? Endpoint.Config.RequestSize;
            ulong address = Allocate(size);
            ulong token = _nextToken++;
            Check(RequestQueue.TryAdd([], [new BufferSpec(address, size)], token, useIndirect: false, out _));
            _requestBuffers[token] = (address, size);
            Session!.Notify(Wire.RequestQueueIndex);
        }

        /// <summary>Posts a request chain of the given readable and writable buffer lengths (for hostile tests).</summary>
        public void PostRequestChain(uint[] readable, uint[] writable)
        {
            Check(RequestQueue.TryAdd(Specs(readable), Specs(writable), _nextToken++, useIndirect: false, out _));
            Session!.Notify(Wire.RequestQueueIndex);
        }

        /// <summary>
        /// Reclaims every used request buffer, decodes the request in it and reposts a fresh buffer for each
        /// (FF-DRV-2). Returns the requests with their used lengths.
        /// </summary>
        public List<(FsFreezeRequest Request, RequestDecodeResult Decode, uint UsedLength)> TakeRequests(bool repost = true)
        {
            var requests = new List<(FsFreezeRequest, RequestDecodeResult, uint)>();
            while (RequestQueue.TryReclaim(out UsedBuffer used, out QueueError error))
            {
                Check(error);
                (ulong address, uint size) = _requestBuffers[used.Token];
                _requestBuffers.Remove(used.Token);
                byte[] bytes = new byte[Math.Min(used.Length, size)];
                Memory.TryRead(address, bytes);
                RequestDecodeResult decode = FsFreezeRequest.TryDecode(bytes, Session!.NegotiatedFeatures, Endpoint.Config.MaxDeadlineMs, out FsFreezeRequest request);
                requests.Add((request, decode, used.Length));
                if (repost)
                {
                    PostRequestBuffer();
                }
            }

            return requests;
        }

        /// <summary>Puts <paramref name="bytes"/> on replyq in one device-readable buffer and notifies.</summary>
        public void SendReply(byte[] bytes)
        {
            ArgumentNullException.ThrowIfNull(bytes);
            if (bytes.Length == 0)
            {
                // A zero-length buffer is a malformed ring (FF-RING-11); an empty message is a 1-byte buffer's prefix
                // the device cannot tell apart, so the suite sends the shortest legal buffer holding one zero byte.
                bytes = [0];
            }

            ReclaimReplies();
            ulong address = Allocate((uint)bytes.Length);
            Memory.TryWrite(address, bytes);
            Check(ReplyQueue.TryAdd([new BufferSpec(address, (uint)bytes.Length)], [], _nextToken++, useIndirect: false, out _));
            Session!.Notify(Wire.ReplyQueueIndex);
        }

        /// <summary>Puts a reply chain of arbitrary buffers on replyq (for hostile tests); bytes fill the readable ones.</summary>
        public void SendReplyChain(uint[] readable, uint[] writable, byte[]? bytes = null)
        {
            ReclaimReplies();
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

            Check(ReplyQueue.TryAdd(readSpecs, Specs(writable), _nextToken++, useIndirect: false, out _));
            Session!.Notify(Wire.ReplyQueueIndex);
        }

        /// <summary>Every replyq completion reclaimed so far, in order.</summary>
        public List<UsedBuffer> UsedReplies { get; } = [];

        /// <summary>Reclaims the used replyq chains into <see cref="UsedReplies"/>; returns it.</summary>
        public List<UsedBuffer> ReclaimReplies()
        {
            while (ReplyQueue.TryReclaim(out UsedBuffer buffer, out QueueError error))
            {
                Check(error);
                UsedReplies.Add(buffer);
            }

            return UsedReplies;
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
