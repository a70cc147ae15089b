using System;
using System.Buffers.Binary;
using FsFreeze.Protocol.Wire;

namespace FsFreeze.Protocol.Requests
{
    /// <content>The driver's validation of a request (FF-DRV-11, FF-DRV-12, FF-DRV-34).</content>
    public readonly partial struct FsFreezeRequest
    {
        /// <summary>
        /// Decodes and validates the request in <paramref name="bytes"/> (exactly the used length) against the
        /// <paramref name="negotiatedFeatures"/> and the <paramref name="maxDeadlineMs"/> the driver read at probe. Never throws and reads only inside <paramref name="bytes"/>, each
        /// byte once, so it is safe on a buffer the device may still be scribbling on.
        /// <para>
        /// Checks run in this order, and the first that fails decides the answer:
        /// (1) the header: length at least 16, known type, <c>flags</c> 0, and the per-type field rules of FF-DRV-11
        /// (a FREEZE deadline above <paramref name="maxDeadlineMs"/> is INVALID too, FF-DRV-34);
        /// (2) the features a FREEZE uses (FF-DRV-12: UNSUPPORTED), before its selectors are parsed, because a
        /// driver without SELECTIVE does not know their format; (3) each selector in order (FF-DRV-11).
        /// Bytes after the last selector's padding are ignored: FF-DRV-11 refuses only lengths that are too short.
        /// A selector's padding is part of the length it needs.
        /// </para>
        /// </summary>
        /// <param name="bytes">The request, exactly the used length.</param>
        /// <param name="negotiatedFeatures">The features negotiated (FF-DRV-12).</param>
        /// <param name="maxDeadlineMs">
        /// <c>max_deadline_ms</c> from the configuration the driver read at probe (FF-DEV-5): a FREEZE asking for more
        /// is INVALID (FF-DRV-34), so a hostile device cannot hold a freeze for up to 2^32 ms.
        /// </param>
        /// <param name="request">The decoded request when it is valid, default otherwise.</param>
        /// <returns>The outcome; <paramref name="request"/> is the decoded request when it is valid, default otherwise.</returns>
        public static RequestDecodeResult TryDecode(ReadOnlySpan<byte> bytes, ulong negotiatedFeatures, uint maxDeadlineMs, out FsFreezeRequest request)
        {
            request = default;
            ushort echoType = bytes.Length >= FlagsOffset ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(TypeOffset)) : (ushort)0;
            uint echoId = bytes.Length >= DeadlineMsOffset ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(RequestIdOffset)) : 0;
            RequestDecodeResult Refuse(RequestProblem problem) => new(problem, echoType, echoId);

            if (bytes.Length < HeaderSize)
            {
                return Refuse(RequestProblem.TooShort);
            }

            var type = (RequestType)echoType;
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(FlagsOffset));
            uint deadlineMs = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(DeadlineMsOffset));
            ushort noticeMs = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(NoticeMsOffset));
            ushort selectorCount = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(SelectorCountOffset));

            RequestProblem header = CheckHeader(type, flags, echoId, deadlineMs, maxDeadlineMs, noticeMs, selectorCount);
            if (header == RequestProblem.None)
            {
                header = CheckFeatures(negotiatedFeatures, noticeMs, selectorCount);
            }

            if (header != RequestProblem.None)
            {
                return Refuse(header);
            }

            Selector[] selectors = Array.Empty<Selector>();
            if (selectorCount > 0)
            {
                // Every selector takes at least 8 bytes, so this bounds the array by the used length before
                // anything is allocated.
                if ((long)SelectorsOffset + ((long)selectorCount * Selector.MinEncodedLength) > bytes.Length)
                {
                    return Refuse(RequestProblem.SelectorsBeyondLength);
                }

                selectors = new Selector[selectorCount];
                int offset = SelectorsOffset;
                for (int i = 0; i < selectors.Length; i++)
                {
                    RequestProblem problem = TryDecodeSelector(bytes.Slice(offset), out selectors[i], out int consumed);
                    if (problem != RequestProblem.None)
                    {
                        return Refuse(problem);
                    }

                    offset += consumed;
                }
            }

            request = new FsFreezeRequest
            {
                Type = type,
                Flags = flags,
                RequestId = echoId,
                DeadlineMs = deadlineMs,
                NoticeMs = noticeMs,
                Selectors = selectors,
            };
            return new RequestDecodeResult(RequestProblem.None, echoType, echoId);
        }

        /// <summary>The header rules of FF-DRV-11 and the deadline bound of FF-DRV-34.</summary>
        private static RequestProblem CheckHeader(RequestType type, ushort flags, uint requestId, uint deadlineMs, uint maxDeadlineMs, ushort noticeMs, ushort selectorCount)
        {
            if (type is not (RequestType.Freeze or RequestType.Thaw or RequestType.Status))
            {
                return RequestProblem.UnknownType;
            }

            if (flags != 0)
            {
                return RequestProblem.FlagsNonZero;
            }

            if (requestId == 0)
            {
                return RequestProblem.RequestIdZero;
            }

            if (type == RequestType.Freeze)
            {
                if (deadlineMs == 0)
                {
                    return RequestProblem.FreezeDeadlineZero;
                }

                if (deadlineMs > maxDeadlineMs)
                {
                    return RequestProblem.FreezeDeadlineAboveMax;
                }

                return noticeMs >= deadlineMs ? RequestProblem.FreezeNoticeNotBelowDeadline : RequestProblem.None;
            }

            if (deadlineMs != 0)
            {
                return RequestProblem.DeadlineOnNonFreeze;
            }

            if (noticeMs != 0)
            {
                return RequestProblem.NoticeOnNonFreeze;
            }

            return selectorCount != 0 ? RequestProblem.SelectorsOnNonFreeze : RequestProblem.None;
        }

        /// <summary>The feature rules of FF-DRV-12; only a FREEZE gets here with a notice or selectors.</summary>
        private static RequestProblem CheckFeatures(ulong negotiatedFeatures, ushort noticeMs, ushort selectorCount)
        {
            if (selectorCount != 0 && !FsFreezeFeature.IsNegotiated(negotiatedFeatures, FsFreezeFeature.Selective))
            {
                return RequestProblem.SelectorsWithoutSelective;
            }

            return noticeMs != 0 && !FsFreezeFeature.IsNegotiated(negotiatedFeatures, FsFreezeFeature.AppNotice)
                ? RequestProblem.NoticeWithoutAppNotice
                : RequestProblem.None;
        }

        /// <summary>Decodes the selector at the start of <paramref name="bytes"/> (the rest of the request) with the selector rules of FF-DRV-11.</summary>
        private static RequestProblem TryDecodeSelector(ReadOnlySpan<byte> bytes, out Selector selector, out int consumed)
        {
            selector = default;
            consumed = 0;
            if (bytes.Length < Selector.PayloadOffset)
            {
                return RequestProblem.SelectorsBeyondLength;
            }

            var kind = (SelectorKind)BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(Selector.KindOffset));
            ushort length = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(Selector.LengthOffset));
            if (kind is not (SelectorKind.Device or SelectorKind.MountPath))
            {
                return RequestProblem.SelectorUnknownKind;
            }

            bool lengthOk = kind == SelectorKind.Device
                ? length == Selector.DevicePayloadLength
                : length is >= Selector.MinPathLength and <= Selector.MaxPathLength;
            if (!lengthOk)
            {
                return RequestProblem.SelectorBadLength;
            }

            int padded = (int)Padding.Align8(Selector.PayloadOffset + length);
            if (padded > bytes.Length)
            {
                return RequestProblem.SelectorsBeyondLength;
            }

            // Copied first and checked on the copy, so the bytes checked are the bytes kept.
            byte[] payload = bytes.Slice(Selector.PayloadOffset, length).ToArray();
            if (kind == SelectorKind.MountPath)
            {
                if (payload[0] != (byte)'/')
                {
                    return RequestProblem.SelectorPathNotAbsolute;
                }

                if (Array.IndexOf(payload, (byte)0) >= 0)
                {
                    return RequestProblem.SelectorPathContainsNul;
                }
            }

            if (!Padding.IsAllZero(bytes.Slice(Selector.PayloadOffset + length, padded - Selector.PayloadOffset - length)))
            {
                return RequestProblem.SelectorPaddingNonZero;
            }

            selector = new Selector(kind, payload);
            consumed = padded;
            return RequestProblem.None;
        }
    }
}
