using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace FsFreeze.Protocol.Requests
{
    /// <summary>
    /// A request the device writes into a requestq buffer, spec "Messages"; its length is the used length.
    /// <code>
    /// struct virtio_fsfreeze_req {           /* 16-byte header */
    ///     le16 type;            /* +0   1 FREEZE, 2 THAW, 3 STATUS */
    ///     le16 flags;           /* +2   reserved, 0 */
    ///     le32 request_id;      /* +4   non-zero; the reply echoes it */
    ///     le32 deadline_ms;     /* +8   FREEZE: auto-thaw deadline, counted from receipt; otherwise 0 */
    ///     le16 notice_ms;       /* +12  FREEZE with APP_NOTICE: time applications get to prepare; otherwise 0 */
    ///     le16 selector_count;  /* +14  FREEZE with SELECTIVE: selectors that follow; otherwise 0 */
    ///     /* selectors, each starting at a multiple of 8 from the start of the request */
    /// };
    /// </code>
    /// A plain value: the encoder writes whatever the fields hold, so tests build malformed requests with the same
    /// code; <see cref="TryDecode"/> is where the rules live. <c>selector_count</c> is always the number of
    /// <see cref="Selectors"/>. Selectors are an array, not a view over the buffer: a decoded request is a private
    /// copy the device can no longer change (the buffer is device-writable), and requests are rare enough that the
    /// one array (none without selectors) does not matter.
    /// </summary>
    public readonly partial struct FsFreezeRequest
    {
        /// <summary>Bytes of the header, and the shortest valid request.</summary>
        public const int HeaderSize = 16;

        /// <summary>Offset of <c>type</c>.</summary>
        public const int TypeOffset = 0;

        /// <summary>Offset of <c>flags</c>.</summary>
        public const int FlagsOffset = 2;

        /// <summary>Offset of <c>request_id</c>.</summary>
        public const int RequestIdOffset = 4;

        /// <summary>Offset of <c>deadline_ms</c>.</summary>
        public const int DeadlineMsOffset = 8;

        /// <summary>Offset of <c>notice_ms</c>.</summary>
        public const int NoticeMsOffset = 12;

        /// <summary>Offset of <c>selector_count</c>.</summary>
        public const int SelectorCountOffset = 14;

        /// <summary>Offset of the first selector.</summary>
        public const int SelectorsOffset = 16;

        private readonly Selector[]? _selectors;

        /// <summary><c>type</c> (possibly undefined, for a crafted request).</summary>
        public RequestType Type { get; init; }

        /// <summary><c>flags</c>: reserved, 0 in every valid request.</summary>
        public ushort Flags { get; init; }

        /// <summary><c>request_id</c>: non-zero (FF-DEV-7); the reply echoes it.</summary>
        public uint RequestId { get; init; }

        /// <summary><c>deadline_ms</c>: FREEZE: the auto-thaw deadline counted from receipt (FF-DRV-14); otherwise 0.</summary>
        public uint DeadlineMs { get; init; }

        /// <summary><c>notice_ms</c>: FREEZE with APP_NOTICE: time applications get to prepare (FF-DRV-30); otherwise 0.</summary>
        public ushort NoticeMs { get; init; }

        /// <summary>The selectors, in order (FREEZE with SELECTIVE); empty otherwise.</summary>
        public IReadOnlyList<Selector> Selectors
        {
            get => _selectors ?? Array.Empty<Selector>();
            init => _selectors = value is null || value.Count == 0 ? null : new List<Selector>(value).ToArray();
        }

        /// <summary><c>selector_count</c>.</summary>
        public int SelectorCount => _selectors?.Length ?? 0;

        /// <summary>Bytes of the encoded request: the header and every padded selector.</summary>
        public int EncodedLength
        {
            get
            {
                int length = HeaderSize;
                foreach (Selector selector in Selectors)
                {
                    length += selector.EncodedLength;
                }

                return length;
            }
        }

        /// <summary>A FREEZE with the given deadline, optional notice and selectors.</summary>
        public static FsFreezeRequest Freeze(uint requestId, uint deadlineMs, ushort noticeMs = 0, params Selector[] selectors) =>
            new() { Type = RequestType.Freeze, RequestId = requestId, DeadlineMs = deadlineMs, NoticeMs = noticeMs, Selectors = selectors };

        /// <summary>A THAW.</summary>
        public static FsFreezeRequest Thaw(uint requestId) => new() { Type = RequestType.Thaw, RequestId = requestId };

        /// <summary>A STATUS.</summary>
        public static FsFreezeRequest Status(uint requestId) => new() { Type = RequestType.Status, RequestId = requestId };

        /// <summary>
        /// Writes the request at the start of <paramref name="destination"/>. False, with the span's contents
        /// unspecified, when it is shorter than <see cref="EncodedLength"/> or there are more than 65535 selectors.
        /// </summary>
        public bool TryEncode(Span<byte> destination, out int bytesWritten)
        {
            bytesWritten = 0;
            int count = SelectorCount;
            if (count > ushort.MaxValue || destination.Length < EncodedLength)
            {
                return false;
            }

            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(TypeOffset), (ushort)Type);
            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(FlagsOffset), Flags);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(RequestIdOffset), RequestId);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(DeadlineMsOffset), DeadlineMs);
            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(NoticeMsOffset), NoticeMs);
            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(SelectorCountOffset), (ushort)count);
            int offset = SelectorsOffset;
            foreach (Selector selector in Selectors)
            {
                if (!selector.TryEncode(destination.Slice(offset), out int written))
                {
                    return false;
                }

                offset += written;
            }

            bytesWritten = offset;
            return true;
        }

        /// <summary>Writes the request at the start of <paramref name="destination"/> and returns its length.</summary>
        /// <exception cref="ArgumentException">The request does not fit <paramref name="destination"/> or cannot be encoded.</exception>
        public int Encode(Span<byte> destination) =>
            TryEncode(destination, out int written) ? written : throw new ArgumentException("The request does not fit the destination.", nameof(destination));

        /// <summary>The encoded request as a new array.</summary>
        public byte[] ToArray()
        {
            byte[] bytes = new byte[EncodedLength];
            Encode(bytes);
            return bytes;
        }
    }
}
