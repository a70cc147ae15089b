using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.Protocol
{
    /// <summary>A valid reply or event and the device context that accepts it.</summary>
    public readonly record struct ReplyInContext(FsFreezeReply Reply, ulong Features, uint MaxEntries, AwaitedRequests Awaited);

    /// <summary>
    /// Random messages that keep every rule, built from a <see cref="Random"/> the property's seed drives (so a
    /// seed replays a case). Requests keep FF-DEV-4 and FF-DRV-11; replies keep FF-DEV-12, FF-DEV-13, FF-DRV-5
    /// and FF-DRV-26 for the features drawn.
    /// </summary>
    public static class RandomMessages
    {
        private static readonly string[] FsTypes = ["ext4", "xfs", "btrfs", "tmpfs", "vfat", "f2fs", string.Empty, "sixteen-bytes-fs"];
        private static readonly char[] PathChars = "abcXYZ019-_./é漢".ToCharArray();

        /// <summary>A valid request and the features under which the driver accepts it.</summary>
        public static (FsFreezeRequest Request, ulong Features) Request(Random random)
        {
            ulong features = (ulong)random.Next(0, 16);
            uint id = NextUInt(random) | 1; // request_id 0 is INVALID (FF-DRV-11)
            switch (random.Next(3))
            {
                case 0:
                    return (FsFreezeRequest.Thaw(id), features);
                case 1:
                    return (FsFreezeRequest.Status(id), features);
            }

            uint deadline = random.Next(4) == 0 ? (uint)random.Next(1, 3) : NextUInt(random) | 1;
            ushort notice = 0;
            if (FsFreezeFeature.IsNegotiated(features, FsFreezeFeature.AppNotice) && random.Next(2) == 0)
            {
                notice = (ushort)random.Next(0, (int)Math.Min(deadline, 65536));
            }

            var selectors = new List<Selector>();
            if (FsFreezeFeature.IsNegotiated(features, FsFreezeFeature.Selective))
            {
                int count = random.Next(0, 6);
                for (int i = 0; i < count; i++)
                {
                    selectors.Add(random.Next(2) == 0 ? Selector.Device(NextUInt(random), NextUInt(random)) : Selector.MountPath(Path(random)));
                }
            }

            return (FsFreezeRequest.Freeze(id, deadline, notice, selectors.ToArray()), features);
        }

        /// <summary>A valid reply or event, and the context (features, <c>max_entries</c>, awaited requests) that accepts it.</summary>
        public static ReplyInContext Reply(Random random)
        {
            ulong features = (ulong)random.Next(0, 16);
            uint maxEntries = (uint)random.Next(0, 9);
            bool events = FsFreezeFeature.IsNegotiated(features, FsFreezeFeature.Events);
            bool sbDetail = FsFreezeFeature.IsNegotiated(features, FsFreezeFeature.SbDetail);
            var type = (ReplyType)random.Next(1, 4);
            if (events && random.Next(4) == 0)
            {
                type = ReplyType.Event;
            }

            var status = type == ReplyType.Event ? ReplyStatus.Ok : (ReplyStatus)random.Next(0, 7);
            bool refusal = status is ReplyStatus.Busy or ReplyStatus.Invalid or ReplyStatus.Unsupported or ReplyStatus.AlreadyFrozen;
            bool okFreeze = type == ReplyType.Freeze && status == ReplyStatus.Ok;
            bool failedFreeze = type == ReplyType.Freeze && status == ReplyStatus.Failed;

            var entries = new List<SuperblockEntry>();
            if (sbDetail && !refusal)
            {
                int count = random.Next(0, (int)maxEntries + 1);
                for (int i = 0; i < count; i++)
                {
                    EntryResult result;
                    do
                    {
                        result = (EntryResult)random.Next(0, 6);
                    }
                    while ((okFreeze && result == EntryResult.Failed) || (failedFreeze && result == EntryResult.Frozen));

                    entries.Add(new SuperblockEntry
                    {
                        DevMajor = NextUInt(random),
                        DevMinor = NextUInt(random),
                        Result = result,
                        Flags = (EntryFlags)random.Next(0, 4),
                        Error = result == EntryResult.Failed ? (uint)random.Next(1, 200) : 0,
                        FsType = FsTypes[random.Next(FsTypes.Length)],
                    });
                }
            }

            // Counts: exactly the entries' tally for a complete list; a truncated list (entry_count = max_entries),
            // a refusal or a reply without SB_DETAIL may report more.
            bool complete = sbDetail && !refusal && entries.Count < maxEntries;
            uint Count(EntryResult a, EntryResult b, bool forbidden) =>
                forbidden ? 0 : (uint)entries.Count(e => e.Result == a || e.Result == b) + (complete ? 0 : (uint)random.Next(0, 5));

            uint id = type == ReplyType.Event ? 0 : NextUInt(random) | 1;
            AwaitedRequests awaited = type switch
            {
                ReplyType.Event => AwaitedRequests.None.WithStatus(7),
                ReplyType.Status => AwaitedRequests.None.WithStatus(id).WithControl(RequestType.Thaw, id + 1),
                _ => AwaitedRequests.None.WithControl((RequestType)type, id),
            };
            var reply = new FsFreezeReply
            {
                Type = type,
                Status = status,
                RequestId = id,
                State = (GuestFreezeState)random.Next(0, 4),
                FrozenCount = Count(EntryResult.Frozen, EntryResult.Frozen, failedFreeze),
                ThawedCount = Count(EntryResult.Thawed, EntryResult.RolledBack, false),
                SkippedCount = Count(EntryResult.SkippedUnfreezable, EntryResult.SkippedNotSelected, false),
                FailedCount = Count(EntryResult.Failed, EntryResult.Failed, okFreeze),
                RemainingMs = NextUInt(random),
                Event = type == ReplyType.Event ? (EventCode)random.Next(1, 3) : EventCode.None,
                NoticeLate = FsFreezeFeature.IsNegotiated(features, FsFreezeFeature.AppNotice) ? (uint)random.Next(0, 3) : 0,
                Entries = entries,
            };
            return new ReplyInContext(reply, features, maxEntries, awaited);
        }

        /// <summary>Any 32-bit value, the extremes included.</summary>
        public static uint NextUInt(Random random) => random.Next(8) switch
        {
            0 => 0,
            1 => uint.MaxValue,
            _ => (uint)random.NextInt64(0, 1L << 32),
        };

        private static string Path(Random random)
        {
            var path = new StringBuilder("/");
            int length = random.Next(0, 40);
            for (int i = 0; i < length; i++)
            {
                path.Append(PathChars[random.Next(PathChars.Length)]);
            }

            return path.ToString();
        }
    }
}
