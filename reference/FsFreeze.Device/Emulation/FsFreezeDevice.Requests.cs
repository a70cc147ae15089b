using System;
using System.Collections.Generic;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Requests;
using FsFreeze.Virtio.Queues;
using Wire = FsFreeze.Protocol.FsFreezeDevice;

namespace FsFreeze.Device.Emulation
{
    /// <summary>Sending requests on requestq (spec "Request identifiers and concurrency", FF-DEV-4, FF-DEV-6 to FF-DEV-8).</summary>
    public sealed partial class FsFreezeDevice
    {
        /// <inheritdoc />
        /// <exception cref="ArgumentOutOfRangeException">
        /// <paramref name="deadlineMs"/> is 0 or above <c>max_deadline_ms</c>, <paramref name="noticeMs"/> is not below
        /// it, or the request would be longer than <c>request_size</c>: a host caller's mistake, never sent.
        /// </exception>
        public SendOutcome SendFreeze(uint deadlineMs, ushort noticeMs, IReadOnlyList<Selector> selectors, out uint requestId)
        {
            ArgumentNullException.ThrowIfNull(selectors);
            requestId = 0;
            if (deadlineMs == 0 || deadlineMs > Config.MaxDeadlineMs)
            {
                throw new ArgumentOutOfRangeException(nameof(deadlineMs), "A FREEZE deadline is 1 to max_deadline_ms.");
            }

            if (noticeMs >= deadlineMs)
            {
                throw new ArgumentOutOfRangeException(nameof(noticeMs), "notice_ms must be below deadline_ms (FF-DRV-11).");
            }

            // FF-DEV-6 before FF-DEV-4: without a driver nothing was negotiated, and "no driver" is the answer.
            if (!EnsureDriverReady())
            {
                return SendOutcome.NoDriver;
            }

            ulong features = NegotiatedFeatures;
            if ((selectors.Count != 0 && !FsFreezeFeature.IsNegotiated(features, FsFreezeFeature.Selective))
                || (noticeMs != 0 && !FsFreezeFeature.IsNegotiated(features, FsFreezeFeature.AppNotice)))
            {
                return SendOutcome.Unsupported;
            }

            var array = new Selector[selectors.Count];
            for (int i = 0; i < array.Length; i++)
            {
                array[i] = selectors[i];
            }

            FsFreezeRequest request = FsFreezeRequest.Freeze(0, deadlineMs, noticeMs, array);
            if (request.EncodedLength > Config.RequestSize)
            {
                throw new ArgumentOutOfRangeException(nameof(selectors), "The FREEZE would be longer than request_size.");
            }

            return Send(request, out requestId);
        }

        /// <inheritdoc />
        public SendOutcome SendThaw(out uint requestId) => Send(FsFreezeRequest.Thaw(0), out requestId);

        /// <inheritdoc />
        public SendOutcome SendStatus(out uint requestId) => Send(FsFreezeRequest.Status(0), out requestId);

        private SendOutcome Send(FsFreezeRequest request, out uint requestId)
        {
            requestId = 0;
            if (!EnsureDriverReady())
            {
                return SendOutcome.NoDriver;
            }

            // FF-DEV-8: one FREEZE or THAW and one STATUS may await replies.
            bool control = request.Type != RequestType.Status;
            if (control ? _awaited.ControlRequestId != 0 : _awaited.StatusRequestId != 0)
            {
                return SendOutcome.Busy;
            }

            uint id = NextRequestId();
            request = request with { RequestId = id };
            byte[] bytes = request.ToArray();
            SendOutcome outcome = FillNextRequestBuffer(bytes, out IDeviceQueue? queue, out ChainToken token);
            if (outcome != SendOutcome.Sent || !PushRequestUsed(queue!, token, (uint)bytes.Length))
            {
                return SendOutcome.NoDriver;
            }

            _lastRequestId = id;
            _awaited = control ? _awaited.WithControl(request.Type, id) : _awaited.WithStatus(id);
            Counters.CountSent();
            Context.SignalUsedBuffers(Wire.RequestQueueIndex);
            requestId = id;
            return SendOutcome.Sent;
        }

        /// <summary>
        /// Takes the next request buffer the driver posted and writes <paramref name="bytes"/> into it; the caller
        /// marks it used. NoDriver when none is posted or it cannot be used (the device then set DEVICE_NEEDS_RESET
        /// where the ring or the driver broke the rules).
        /// </summary>
        private SendOutcome FillNextRequestBuffer(ReadOnlySpan<byte> bytes, out IDeviceQueue? queue, out ChainToken token)
        {
            token = default;
            queue = Context.GetQueue(Wire.RequestQueueIndex);
            if (queue is null)
            {
                return SendOutcome.NoDriver;
            }

            var storage = new ChainBuffer[queue.Size];
            if (!queue.TryPop(storage, out DescriptorChain chain, out QueueError error))
            {
                if (error != QueueError.None)
                {
                    Context.ReportQueueError(Wire.RequestQueueIndex, error);
                    DropAwaited();
                }

                // FF-HOST-1: no request buffer posted is "no driver".
                return SendOutcome.NoDriver;
            }

            // FF-DRV-2, FF-DRV-3: a request buffer is device-writable only and holds request_size bytes. Anything
            // else is the driver breaking the device's contract; there is no way to answer it but a reset.
            if (chain.ReadableCount != 0 || chain.WritableLength < Config.RequestSize || !WriteAcross(chain.Writable, bytes))
            {
                Fail();
                return SendOutcome.NoDriver;
            }

            token = new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength);
            return SendOutcome.Sent;
        }

        /// <summary>Marks a filled request buffer used with <paramref name="usedLength"/>; false when the ring refused (DEVICE_NEEDS_RESET).</summary>
        private bool PushRequestUsed(IDeviceQueue queue, ChainToken token, uint usedLength)
        {
            QueueError error = queue.PushUsed(token, usedLength);
            if (error != QueueError.None)
            {
                Context.ReportQueueError(Wire.RequestQueueIndex, error);
                DropAwaited();
                return false;
            }

            return true;
        }

        /// <summary>
        /// FF-DEV-7: ids count upward from 1, skip 0 when they wrap, and skip the id of the other awaited request
        /// (and of an awaited raw request), so an id is never 0 and never shared with a request still awaiting its reply.
        /// </summary>
        private uint NextRequestId()
        {
            uint id = _lastRequestId;
            do
            {
                id = unchecked(id + 1);
            }
            while (id == 0 || id == _awaited.ControlRequestId || id == _awaited.StatusRequestId || (_raw is not null && id == _raw.EchoRequestId));

            return id;
        }

        /// <summary>
        /// Tests only: continues the FF-DEV-7 id sequence after <paramref name="lastRequestId"/>, so the wrap past
        /// 2^32 - 1 (skip 0, skip the ids still awaited) is checked without sending four billion requests first.
        /// </summary>
        internal void ContinueIdsAfter(uint lastRequestId) => _lastRequestId = lastRequestId;

        private bool WriteAcross(ReadOnlySpan<ChainBuffer> buffers, ReadOnlySpan<byte> bytes)
        {
            int written = 0;
            foreach (ChainBuffer buffer in buffers)
            {
                if (written == bytes.Length)
                {
                    break;
                }

                int take = (int)Math.Min(buffer.Length, (uint)(bytes.Length - written));
                if (!Context.Memory.TryWrite(buffer.Address, bytes.Slice(written, take)))
                {
                    return false;
                }

                written += take;
            }

            return written == bytes.Length;
        }
    }
}
