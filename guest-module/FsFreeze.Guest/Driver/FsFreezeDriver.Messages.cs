using System;
using System.Collections.Generic;
using System.Text;
using FsFreeze.Guest.Filesystems;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;

namespace FsFreeze.Guest.Driver
{
    /// <content>Building replies and events: counts are totals, entries are capped at max_entries (FF-DRV-26).</content>
    public sealed partial class FsFreezeDriver
    {
        private FsFreezeReply Message(
            ReplyType type, ReplyStatus status, uint requestId, GuestFreezeState state, int frozen, int thawed, int skipped, int failed,
            List<SuperblockEntry> entries, EventCode eventCode, int noticeLate)
        {
            // FF-DRV-5: entries only with SB_DETAIL, notice_late only with APP_NOTICE; FF-DRV-26: at most max_entries,
            // the first ones in visiting order, while the counts stay the totals.
            int take = Math.Min(entries.Count, MaxEntries);
            return new FsFreezeReply
            {
                Type = type,
                Status = status,
                RequestId = requestId,
                State = state,
                FrozenCount = (uint)frozen,
                ThawedCount = (uint)thawed,
                SkippedCount = (uint)skipped,
                FailedCount = (uint)failed,
                RemainingMs = state == GuestFreezeState.Frozen ? RemainingMs() : 0,
                Event = eventCode,
                NoticeLate = Negotiated(FsFreezeFeature.AppNotice) ? (uint)noticeLate : 0,
                Entries = take == entries.Count ? entries : entries.GetRange(0, take),
            };
        }

        /// <summary>An entry for <paramref name="sb"/>: its s_dev, type name (cut to 16 bytes), READ_ONLY and USER_FROZEN.</summary>
        private static SuperblockEntry Entry(IGuestSuperBlock sb, EntryResult result, Errno error)
        {
            EntryFlags flags = EntryFlags.None;
            if (sb.ReadOnly)
            {
                flags |= EntryFlags.ReadOnly;
            }

            // FF-DRV-22: USER_FROZEN while a userspace holder (FIFREEZE, bdev freeze) also holds it.
            if (sb.UserFrozen)
            {
                flags |= EntryFlags.UserFrozen;
            }

            return new SuperblockEntry
            {
                DevMajor = sb.Dev.Major,
                DevMinor = sb.Dev.Minor,
                Result = result,
                Flags = flags,
                Error = (uint)error,
                FsType = FsTypeField(sb.TypeName),
            };
        }

        /// <summary>fs_type is 16 bytes: a longer name is cut at a character boundary within 16 UTF-8 bytes; NUL removed.</summary>
        private static string FsTypeField(string name)
        {
            string clean = name.Replace("\0", string.Empty, StringComparison.Ordinal);
            while (Encoding.UTF8.GetByteCount(clean) > 16)
            {
                clean = clean[..^1];
            }

            return clean;
        }
    }
}
