using System;
using System.Buffers.Binary;

namespace FsFreeze.Protocol.Replies
{
    /// <content>Reading replies: the header, the entries, and a framing-only decoder.</content>
    public readonly partial struct FsFreezeReply
    {
        /// <summary>
        /// Decodes the framing only: at least a header, and <c>entry_count</c> entries inside
        /// <paramref name="bytes"/>. Field values are taken as they are (an unknown status stays an unknown
        /// value); the device uses <see cref="ReplyValidation.Validate"/> instead. Never throws.
        /// </summary>
        public static bool TryDecode(ReadOnlySpan<byte> bytes, out FsFreezeReply reply)
        {
            reply = default;
            if (bytes.Length < HeaderSize)
            {
                return false;
            }

            FsFreezeReply header = ReadHeader(bytes, out uint entryCount);
            if (!EntriesFit(bytes.Length, entryCount))
            {
                return false;
            }

            var entries = new SuperblockEntry[entryCount];
            for (int i = 0; i < entries.Length; i++)
            {
                entries[i] = SuperblockEntry.Read(bytes.Slice(EntriesOffset + (i * SuperblockEntry.Size), SuperblockEntry.Size));
            }

            reply = header.WithEntries(entries);
            return true;
        }

        /// <summary>True when <paramref name="entryCount"/> entries fit after the header in <paramref name="length"/> bytes.</summary>
        internal static bool EntriesFit(int length, uint entryCount) => HeaderSize + ((long)entryCount * SuperblockEntry.Size) <= length;

        /// <summary>The header fields of the reply in <paramref name="bytes"/> (at least 48 bytes), each read once; no entries.</summary>
        internal static FsFreezeReply ReadHeader(ReadOnlySpan<byte> bytes, out uint entryCount)
        {
            entryCount = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(EntryCountOffset));
            return new FsFreezeReply
            {
                Type = (ReplyType)BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(TypeOffset)),
                Status = (ReplyStatus)BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(StatusOffset)),
                RequestId = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(RequestIdOffset)),
                State = (GuestFreezeState)BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(StateOffset)),
                FrozenCount = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(FrozenCountOffset)),
                ThawedCount = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(ThawedCountOffset)),
                SkippedCount = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(SkippedCountOffset)),
                FailedCount = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(FailedCountOffset)),
                RemainingMs = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(RemainingMsOffset)),
                Event = (EventCode)BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(EventOffset)),
                NoticeLate = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(NoticeLateOffset)),
                Reserved = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(ReservedOffset)),
            };
        }

        /// <summary>This reply with <paramref name="entries"/>; the array is taken, not copied.</summary>
        internal FsFreezeReply WithEntries(SuperblockEntry[] entries) => new(this, entries);

        private FsFreezeReply(in FsFreezeReply header, SuperblockEntry[] entries)
        {
            this = header;
            _entries = entries.Length == 0 ? null : entries;
        }
    }
}
