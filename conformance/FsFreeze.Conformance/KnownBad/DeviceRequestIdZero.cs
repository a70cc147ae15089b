using System.Collections.Generic;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Device.Emulation;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues.Split;
using Wire = FsFreeze.Protocol.FsFreezeDevice;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>
    /// Breaks FF-DEV-7: the device puts request_id 0 on the wire in every request it sends (while the host side
    /// keeps the real id), as a device that forgot to fill the field would.
    /// </summary>
    public sealed class DeviceRequestIdZero : IDeviceImplementation
    {
        /// <inheritdoc />
        public string Name => "bad-device-request-id-zero";

        /// <inheritdoc />
        public DeviceUnderTest Create(FsFreezeDeviceOptions options, GuestMemory memory, IInterruptLine interruptLine)
        {
            DeviceUnderTest reference = new ReferenceFsFreezeDevice().Create(options, memory, interruptLine);
            var tap = new QueueLayoutTap(reference.Registers);
            return new DeviceUnderTest(tap, new Endpoint(reference.Endpoint, tap, memory));
        }

        /// <inheritdoc />
        public override string ToString() => Name;

        private sealed class Endpoint : IFsFreezeDeviceEndpoint
        {
            private readonly IFsFreezeDeviceEndpoint _inner;
            private readonly QueueLayoutTap _tap;
            private readonly GuestMemory _memory;

            public Endpoint(IFsFreezeDeviceEndpoint inner, QueueLayoutTap tap, GuestMemory memory)
            {
                _inner = inner;
                _tap = tap;
                _memory = memory;
            }

            public FsFreezeConfig Config => _inner.Config;

            public ulong NegotiatedFeatures => _inner.NegotiatedFeatures;

            public bool IsDriverReady => _inner.IsDriverReady;

            public AwaitedRequests Awaited => _inner.Awaited;

            public ReplyCounters Counters => _inner.Counters;

            public void SetObserver(IFsFreezeDeviceObserver observer) => _inner.SetObserver(observer);

            public SendOutcome SendFreeze(uint deadlineMs, ushort noticeMs, IReadOnlyList<Selector> selectors, out uint requestId) =>
                ZeroTheWireId(_inner.SendFreeze(deadlineMs, noticeMs, selectors, out requestId));

            public SendOutcome SendThaw(out uint requestId) => ZeroTheWireId(_inner.SendThaw(out requestId));

            public SendOutcome SendStatus(out uint requestId) => ZeroTheWireId(_inner.SendStatus(out requestId));

            public bool Abandon(uint requestId) => _inner.Abandon(requestId);

            private SendOutcome ZeroTheWireId(SendOutcome outcome)
            {
                if (outcome != SendOutcome.Sent)
                {
                    return outcome;
                }

                // The request just went into the last used element of requestq; its first buffer holds the header.
                (ushort size, ulong descriptors, _, ulong device) = _tap.Layout(Wire.RequestQueueIndex);
                if (size == 0 || !_memory.TryReadUInt16(device + SplitRingLayout.UsedIdxOffset, out ushort usedIdx))
                {
                    return outcome;
                }

                ulong element = device + (ulong)SplitRingLayout.UsedSlotOffset((ushort)(usedIdx - 1) % size);
                if (_memory.TryReadUInt32(element, out uint head) && head < size
                    && _memory.TryReadUInt64(descriptors + (head * (ulong)SplitRingLayout.DescriptorSize) + SplitRingLayout.DescriptorAddressOffset, out ulong buffer))
                {
                    _memory.TryWriteUInt32(buffer + FsFreezeRequest.RequestIdOffset, 0);
                }

                return outcome;
            }
        }
    }
}
