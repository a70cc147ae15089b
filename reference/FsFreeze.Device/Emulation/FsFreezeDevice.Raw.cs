using System;
using System.Buffers.Binary;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;
using Wire = FsFreeze.Protocol.FsFreezeDevice;

namespace FsFreeze.Device.Emulation
{
    /// <summary>
    /// Driver testing: what a production device never sends. A raw request carries bytes the host chose (an unknown
    /// type, a zero id, a deadline above <c>max_deadline_ms</c> that FF-DEV-16 forbids, a short used length), so the
    /// driver's validation (FF-DRV-8, FF-DRV-11, FF-DRV-12, FF-DRV-34) can be exercised through this device; a forged
    /// completion breaks the used ring on purpose (FF-DRV-13). Neither is used by the host API
    /// (<see cref="IFsFreezeDeviceEndpoint"/>); with no raw request awaiting, reply processing is unchanged.
    /// </summary>
    public sealed partial class FsFreezeDevice
    {
        private IReplyInspector? _inspector;
        private RawRequest? _raw;

        /// <summary>The raw request awaiting its reply, or null.</summary>
        public RawRequest? RawAwaited => _raw;

        /// <summary>Sets who sees raw replies and ignored messages.</summary>
        public void SetReplyInspector(IReplyInspector inspector)
        {
            ArgumentNullException.ThrowIfNull(inspector);
            _inspector = inspector;
        }

        /// <summary>
        /// Writes <paramref name="bytes"/> into the next posted request buffer and uses it with
        /// <paramref name="usedLength"/> (bytes beyond <paramref name="bytes"/> up to it are zero), exactly like a
        /// request: the driver is notified and the request awaits its reply. At most one raw request awaits at a time;
        /// while it does, the first replyq message that is neither a reply to another awaited request nor an EVENT with
        /// <c>request_id</c> 0 is taken as its reply (so a reply echoing 0 or an unknown type is matched too) and goes to
        /// <see cref="IReplyInspector.OnRawReply"/> instead of being judged.
        /// </summary>
        /// <returns>Sent, or NoDriver as for any request.</returns>
        /// <exception cref="ArgumentOutOfRangeException">
        /// <paramref name="bytes"/> or <paramref name="usedLength"/> exceed <c>request_size</c>: the only length every
        /// posted buffer is known to have (FF-DRV-6) before the device takes one, so nothing longer is ever written.
        /// </exception>
        /// <exception cref="InvalidOperationException">
        /// A raw request already awaits its reply, or the bytes carry the non-zero id of another awaited request
        /// (a reply could not be told apart).
        /// </exception>
        public SendOutcome SendRaw(ReadOnlySpan<byte> bytes, uint usedLength)
        {
            if ((uint)bytes.Length > Config.RequestSize || usedLength > Config.RequestSize)
            {
                throw new ArgumentOutOfRangeException(nameof(usedLength), $"{Math.Max((uint)bytes.Length, usedLength)} bytes exceed request_size ({Config.RequestSize}), the length every posted request buffer is known to have.");
            }

            if (!EnsureDriverReady())
            {
                return SendOutcome.NoDriver;
            }

            if (_raw is not null)
            {
                throw new InvalidOperationException($"raw request {_raw.EchoRequestId} (type {_raw.EchoType}) still awaits its reply.");
            }

            byte[] written = new byte[Math.Max(bytes.Length, (int)usedLength)];
            bytes.CopyTo(written);
            ReadOnlySpan<byte> used = written.AsSpan(0, (int)usedLength);
            ushort echoType = used.Length >= FsFreezeRequest.FlagsOffset ? BinaryPrimitives.ReadUInt16LittleEndian(used) : (ushort)0;
            uint echoId = used.Length >= FsFreezeRequest.DeadlineMsOffset ? BinaryPrimitives.ReadUInt32LittleEndian(used.Slice(FsFreezeRequest.RequestIdOffset)) : 0;
            if (echoId != 0 && _awaited.TryMatch(echoId, out RequestType other))
            {
                throw new InvalidOperationException($"request_id {echoId} is the id of the awaited {other}.");
            }

            SendOutcome outcome = FillNextRequestBuffer(written, out IDeviceQueue? queue, out ChainToken token);
            if (outcome != SendOutcome.Sent || !PushRequestUsed(queue!, token, usedLength))
            {
                return SendOutcome.NoDriver;
            }

            _raw = new RawRequest(written, usedLength, echoType, echoId);
            Counters.CountSent();
            Context.SignalUsedBuffers(Wire.RequestQueueIndex);
            return SendOutcome.Sent;
        }

        /// <summary>Stops awaiting the raw request's reply (the host gave up); false when none awaits.</summary>
        public bool AbandonRaw()
        {
            bool awaited = _raw is not null;
            _raw = null;
            return awaited;
        }

        /// <summary>
        /// FF-DRV-13: takes the next posted request buffer, writes <paramref name="bytes"/> into it (what a driver
        /// that trusted the completion would act on), and puts a used element for it on requestq whose id is
        /// <paramref name="usedId"/> instead of the buffer's (an id the driver did not make available) and whose
        /// length is <paramref name="usedLength"/> (beyond the buffer), then notifies. The buffer is consumed: the
        /// device's ring stays consistent, and the driver is left to refuse the element and make up for the buffer.
        /// <para>
        /// A forged length is written by the ring itself before the used index moves. A forged id is written over the
        /// element in the split used ring at <paramref name="usedRingAddress"/> after the ring published it and
        /// before the notification: a driver polling the used ring unprompted in that instant could see the true id,
        /// so call it while the driver is idle.
        /// </para>
        /// </summary>
        /// <param name="usedRingAddress">Guest-physical address of requestq's used ring (the transport knows it, the device does not); needed for a forged id.</param>
        /// <param name="usedId">
        /// The id to put in the element, or null for the consumed buffer's own. An id of a buffer still posted is the
        /// caller's choice and reads as a true completion of that buffer; the head of the buffer taken itself is never
        /// used (the length is forged instead, one beyond the buffer).
        /// </param>
        /// <param name="usedLength">The used length, or null for the length of <paramref name="bytes"/>.</param>
        /// <param name="bytes">What the consumed buffer holds.</param>
        /// <param name="forged">What was put on the ring.</param>
        /// <returns>Sent, or NoDriver when no request buffer is posted (or the ring broke).</returns>
        /// <exception cref="ArgumentOutOfRangeException">Nothing is forged (no id, no length above request_size), or <paramref name="bytes"/> exceed request_size.</exception>
        /// <exception cref="InvalidOperationException">A forged id with a packed requestq, or without the right used ring address (checked before anything is taken).</exception>
        public SendOutcome ForgeUsed(ulong? usedRingAddress, uint? usedId, uint? usedLength, ReadOnlySpan<byte> bytes, out ForgedCompletion forged)
        {
            forged = default;
            if (usedId is null && (usedLength is null || usedLength <= Config.RequestSize))
            {
                throw new ArgumentOutOfRangeException(nameof(usedLength), $"nothing to forge: give an id, or a used length above request_size ({Config.RequestSize}).");
            }

            if ((uint)bytes.Length > Config.RequestSize)
            {
                throw new ArgumentOutOfRangeException(nameof(bytes), $"{bytes.Length} bytes exceed request_size ({Config.RequestSize}).");
            }

            if (!EnsureDriverReady())
            {
                return SendOutcome.NoDriver;
            }

            if (usedId is not null && !UsedRingIsAt(usedRingAddress))
            {
                throw new InvalidOperationException("a forged id is written into requestq's split used ring: the ring is packed, or its address is unknown or wrong.");
            }

            SendOutcome outcome = FillNextRequestBuffer(bytes, out IDeviceQueue? queue, out ChainToken token);
            if (outcome != SendOutcome.Sent)
            {
                return outcome;
            }

            // The ring checks a used length against the token's writable length: a token claiming enough space lets
            // the ring itself write the oversized length, before it publishes the used index.
            uint length = usedLength ?? (uint)bytes.Length;
            if (usedId == token.Id)
            {
                // The id asked for is the head of the very buffer taken: that element would be a true completion. The
                // length is forged instead, so the driver still gets a completion it must refuse.
                usedId = null;
                length = Math.Max(length, token.WritableLength + 1);
            }

            var claimed = new ChainToken(token.Id, token.DescriptorCount, Math.Max(token.WritableLength, length));
            if (!PushRequestUsed(queue!, claimed, length))
            {
                return SendOutcome.NoDriver;
            }

            forged = new ForgedCompletion(token.Id, token.WritableLength, token.Id, length);
            if (usedId is { } id)
            {
                // Split used ring: le16 flags, le16 idx, then Queue Size elements of { le32 id, le32 len } (virtio 1.4
                // 2.7.8). The address was checked above, and the element just written is the newest.
                var split = (SplitQueueDeviceEnd)queue!;
                ulong element = usedRingAddress!.Value + 4 + (8UL * (ulong)((ushort)(split.UsedIndex - 1) % split.Size));
                if (Context.Memory.TryWriteUInt32(element, id))
                {
                    forged = forged with { UsedId = id };
                }
            }

            Context.SignalUsedBuffers(Wire.RequestQueueIndex);
            return SendOutcome.Sent;
        }

        /// <summary>True when requestq is a split ring whose used index, as the device keeps it, is the one at <paramref name="usedRingAddress"/> + 2.</summary>
        private bool UsedRingIsAt(ulong? usedRingAddress) =>
            usedRingAddress is { } ring
            && Context.GetQueue(Wire.RequestQueueIndex) is SplitQueueDeviceEnd split
            && Context.Memory.TryReadUInt16(ring + 2, out ushort usedIdx)
            && usedIdx == split.UsedIndex;

        /// <summary>
        /// While a raw request awaits: true when <paramref name="message"/> is its reply. An exact echo always is;
        /// otherwise anything but a reply to another awaited request or an EVENT with <c>request_id</c> 0 is.
        /// </summary>
        private bool ClaimsRawReply(RawRequest raw, ReadOnlySpan<byte> message)
        {
            if (message.Length < FsFreezeReply.HeaderSize)
            {
                return true;
            }

            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(message.Slice(FsFreezeReply.TypeOffset));
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(FsFreezeReply.RequestIdOffset));
            if (type == raw.EchoType && id == raw.EchoRequestId)
            {
                return true;
            }

            return !_awaited.TryMatch(id, out _) && !(type == (ushort)ReplyType.Event && id == 0);
        }

        /// <summary>Routes one replyq message to the awaited raw request, if it is its reply; true when it was.</summary>
        private bool TakeRawReply(ReadOnlySpan<byte> message)
        {
            if (_raw is not { } raw || !ClaimsRawReply(raw, message))
            {
                return false;
            }

            _raw = null;
            _inspector?.OnRawReply(raw, message);
            return true;
        }

        private void DropRaw()
        {
            if (_raw is { } raw)
            {
                _raw = null;
                _inspector?.OnRawDropped(raw);
            }
        }
    }
}
