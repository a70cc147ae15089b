using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace FsFreeze.Protocol.Replies
{
    /// <summary>
    /// A reply or EVENT the driver adds to replyq, spec "Messages".
    /// <code>
    /// struct virtio_fsfreeze_reply {         /* 48-byte header */
    ///     le16 type;            /* +0   the request's type, or 0x8001 EVENT */
    ///     le16 status;          /* +2   see below */
    ///     le32 request_id;      /* +4   the request's id; 0 for an EVENT */
    ///     le32 state;           /* +8   0 THAWED, 1 FROZEN, 2 FREEZING, 3 THAWING */
    ///     le32 frozen_count;    /* +12  superblocks the driver holds frozen once this message is sent */
    ///     le32 thawed_count;    /* +16  superblocks the driver thawed while handling it (thaw, rollback, auto-thaw) */
    ///     le32 skipped_count;   /* +20  superblocks a FREEZE left alone (unfreezable or not selected) */
    ///     le32 failed_count;    /* +24  superblocks whose freeze or thaw failed */
    ///     le32 entry_count;     /* +28  entries that follow (0 without SB_DETAIL) */
    ///     le32 remaining_ms;    /* +32  FROZEN: milliseconds until auto-thaw; otherwise 0 */
    ///     le32 event;           /* +36  EVENT: 1 AUTO_THAWED, 2 THAWED_ON_REMOVE; otherwise 0 */
    ///     le32 notice_late;     /* +40  APP_NOTICE: applications that missed notice_ms; otherwise 0 */
    ///     le32 reserved;        /* +44  0 */
    ///     /* entries */
    /// };
    /// </code>
    /// A plain value: the encoder writes whatever the fields hold (so tests build malformed replies with it), and
    /// <c>entry_count</c> is always the number of <see cref="Entries"/>. The device decodes with
    /// <see cref="ReplyValidation.Validate"/>, which applies the rules; <see cref="TryDecode"/> only checks the
    /// framing. Entries are an array, not a view over the buffer: the buffer lives in guest memory the driver may
    /// rewrite, the host API hands the entries on (FF-HOST-1), and replies without SB_DETAIL allocate nothing.
    /// </summary>
    public readonly partial struct FsFreezeReply
    {
        /// <summary>Bytes of the header, and the shortest reply the device reads (FF-DEV-11).</summary>
        public const int HeaderSize = 48;

        /// <summary>Offset of <c>type</c>.</summary>
        public const int TypeOffset = 0;

        /// <summary>Offset of <c>status</c>.</summary>
        public const int StatusOffset = 2;

        /// <summary>Offset of <c>request_id</c>.</summary>
        public const int RequestIdOffset = 4;

        /// <summary>Offset of <c>state</c>.</summary>
        public const int StateOffset = 8;

        /// <summary>Offset of <c>frozen_count</c>.</summary>
        public const int FrozenCountOffset = 12;

        /// <summary>Offset of <c>thawed_count</c>.</summary>
        public const int ThawedCountOffset = 16;

        /// <summary>Offset of <c>skipped_count</c>.</summary>
        public const int SkippedCountOffset = 20;

        /// <summary>Offset of <c>failed_count</c>.</summary>
        public const int FailedCountOffset = 24;

        /// <summary>Offset of <c>entry_count</c>.</summary>
        public const int EntryCountOffset = 28;

        /// <summary>Offset of <c>remaining_ms</c>.</summary>
        public const int RemainingMsOffset = 32;

        /// <summary>Offset of <c>event</c>.</summary>
        public const int EventOffset = 36;

        /// <summary>Offset of <c>notice_late</c>.</summary>
        public const int NoticeLateOffset = 40;

        /// <summary>Offset of <c>reserved</c>.</summary>
        public const int ReservedOffset = 44;

        /// <summary>Offset of the first entry.</summary>
        public const int EntriesOffset = 48;

        private readonly SuperblockEntry[]? _entries;

        /// <summary><c>type</c>: the request's type echoed, or EVENT (possibly undefined, for a crafted reply).</summary>
        public ReplyType Type { get; init; }

        /// <summary><c>status</c>.</summary>
        public ReplyStatus Status { get; init; }

        /// <summary><c>request_id</c>: the request's id echoed; 0 for an EVENT.</summary>
        public uint RequestId { get; init; }

        /// <summary><c>state</c>: the guest's freeze state once the message is sent.</summary>
        public GuestFreezeState State { get; init; }

        /// <summary><c>frozen_count</c>: superblocks the driver holds frozen once this message is sent.</summary>
        public uint FrozenCount { get; init; }

        /// <summary><c>thawed_count</c>: superblocks the driver thawed while handling it (thaw, rollback, auto-thaw).</summary>
        public uint ThawedCount { get; init; }

        /// <summary><c>skipped_count</c>: superblocks a FREEZE left alone (unfreezable or not selected).</summary>
        public uint SkippedCount { get; init; }

        /// <summary><c>failed_count</c>: superblocks whose freeze or thaw failed.</summary>
        public uint FailedCount { get; init; }

        /// <summary><c>remaining_ms</c>: FROZEN: milliseconds until the auto-thaw; otherwise 0.</summary>
        public uint RemainingMs { get; init; }

        /// <summary><c>event</c>: EVENT: what happened; otherwise 0.</summary>
        public EventCode Event { get; init; }

        /// <summary><c>notice_late</c>: with APP_NOTICE, applications that missed <c>notice_ms</c>; otherwise 0.</summary>
        public uint NoticeLate { get; init; }

        /// <summary><c>reserved</c>: 0 in every valid reply.</summary>
        public uint Reserved { get; init; }

        /// <summary>The per-superblock entries (SB_DETAIL), in the order the driver visited the superblocks.</summary>
        public IReadOnlyList<SuperblockEntry> Entries
        {
            get => _entries ?? Array.Empty<SuperblockEntry>();
            init => _entries = value is null || value.Count == 0 ? null : new List<SuperblockEntry>(value).ToArray();
        }

        /// <summary><c>entry_count</c>.</summary>
        public int EntryCount => _entries?.Length ?? 0;

        /// <summary>Bytes of the encoded reply: the header and every entry.</summary>
        public int EncodedLength => HeaderSize + (SuperblockEntry.Size * EntryCount);

        /// <summary>
        /// Writes the reply at the start of <paramref name="destination"/>. False, with the span's contents
        /// unspecified, when it is shorter than <see cref="EncodedLength"/>.
        /// </summary>
        public bool TryEncode(Span<byte> destination, out int bytesWritten)
        {
            bytesWritten = 0;
            if (destination.Length < EncodedLength)
            {
                return false;
            }

            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(TypeOffset), (ushort)Type);
            BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(StatusOffset), (ushort)Status);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(RequestIdOffset), RequestId);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(StateOffset), (uint)State);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(FrozenCountOffset), FrozenCount);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(ThawedCountOffset), ThawedCount);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(SkippedCountOffset), SkippedCount);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(FailedCountOffset), FailedCount);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(EntryCountOffset), (uint)EntryCount);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(RemainingMsOffset), RemainingMs);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(EventOffset), (uint)Event);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(NoticeLateOffset), NoticeLate);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(ReservedOffset), Reserved);
            int offset = EntriesOffset;
            foreach (SuperblockEntry entry in Entries)
            {
                if (!entry.TryEncode(destination.Slice(offset)))
                {
                    return false;
                }

                offset += SuperblockEntry.Size;
            }

            bytesWritten = offset;
            return true;
        }

        /// <summary>Writes the reply at the start of <paramref name="destination"/> and returns its length.</summary>
        /// <exception cref="ArgumentException">The reply does not fit <paramref name="destination"/>.</exception>
        public int Encode(Span<byte> destination) =>
            TryEncode(destination, out int written) ? written : throw new ArgumentException("The reply does not fit the destination.", nameof(destination));

        /// <summary>The encoded reply as a new array.</summary>
        public byte[] ToArray()
        {
            byte[] bytes = new byte[EncodedLength];
            Encode(bytes);
            return bytes;
        }
    }
}
