using System.Collections.Generic;
using System.Linq;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;

namespace FsFreeze.Conformance.Protocol.Cases
{
    /// <summary>
    /// The reply validation table: one case per rule of FF-DEV-11 (ignored), FF-DEV-12 (protocol error) and
    /// FF-DEV-13 (events), and valid replies at the edges. The device awaits FREEZE 7 and STATUS 8, accepts 4
    /// entries, and negotiated every feature unless a case says otherwise. Each case changes one thing in a valid
    /// reply.
    /// </summary>
    public static class ReplyCases
    {
        /// <summary>The awaited FREEZE.</summary>
        public const uint FreezeId = 7;

        /// <summary>The awaited STATUS.</summary>
        public const uint StatusId = 8;

        /// <summary>The device's <c>max_entries</c> in every case.</summary>
        public const uint MaxEntries = 4;

        private const string Ignored = "FF-DEV-11";
        private const string Broken = "FF-DEV-12";
        private const string Events = "FF-DEV-13";

        /// <summary>Every feature bit of the device.</summary>
        public static readonly ulong AllFeatures = FsFreezeFeature.KnownMask;

        /// <summary>FREEZE 7 and STATUS 8 await replies.</summary>
        public static readonly AwaitedRequests Awaited = AwaitedRequests.None.WithControl(RequestType.Freeze, FreezeId).WithStatus(StatusId);

        private static readonly FsFreezeReply OkFreezeReply = new()
        {
            Type = ReplyType.Freeze, Status = ReplyStatus.Ok, RequestId = FreezeId, State = GuestFreezeState.Frozen,
            FrozenCount = 2, SkippedCount = 1, RemainingMs = 1000,
            Entries = [Entry(253, 1, EntryResult.Frozen, "xfs"), Entry(0, 25, EntryResult.SkippedUnfreezable, "tmpfs"), Entry(253, 0, EntryResult.Frozen, "ext4")],
        };

        private static readonly FsFreezeReply EventReply = new()
        {
            Type = ReplyType.Event, State = GuestFreezeState.Thawed, ThawedCount = 2, Event = EventCode.AutoThawed,
            Entries = [Entry(253, 1, EntryResult.Thawed, "xfs"), Entry(253, 0, EntryResult.Thawed, "ext4")],
        };

        /// <summary>OK FREEZE 7, FROZEN, 2 frozen and 1 skipped, with 3 entries (a complete list: 3 &lt; 4).</summary>
        private static readonly byte[] OkFreeze = OkFreezeReply.ToArray();

        /// <summary>The same reply without entries, for contexts without SB_DETAIL.</summary>
        private static readonly byte[] OkFreezeNoDetail = (OkFreezeReply with { Entries = [] }).ToArray();

        private static readonly byte[] OkStatus = new FsFreezeReply
        {
            Type = ReplyType.Status, RequestId = StatusId, State = GuestFreezeState.Frozen, FrozenCount = 1, RemainingMs = 900,
            Entries = [Entry(253, 1, EntryResult.Frozen, "xfs")],
        }.ToArray();

        /// <summary>EVENT AUTO_THAWED, 2 thawed, with their 2 entries.</summary>
        private static readonly byte[] Event = EventReply.ToArray();

        private static SuperblockEntry Entry(uint major, uint minor, EntryResult result, string fsType, uint error = 0) =>
            new() { DevMajor = major, DevMinor = minor, Result = result, FsType = fsType, Error = error };

        private static int EntryAt(int index) => FsFreezeReply.EntriesOffset + (index * SuperblockEntry.Size);

        private static ReplyCase Ignore(string name, string requirement, byte[] bytes, ReplyIgnoredReason reason, ulong? features = null, ReplyProblem problem = ReplyProblem.None) =>
            new(name, requirement, features ?? AllFeatures, MaxEntries, Awaited, bytes, ReplyVerdictKind.Ignored, reason, problem);

        private static ReplyCase Error(string name, byte[] bytes, ReplyProblem problem, ulong? features = null) =>
            new(name, Broken, features ?? AllFeatures, MaxEntries, Awaited, bytes, ReplyVerdictKind.ProtocolError, ReplyIgnoredReason.None, problem);

        private static ReplyCase Accept(string name, string requirement, byte[] bytes, ulong? features = null) =>
            new(name, requirement, features ?? AllFeatures, MaxEntries, Awaited, bytes, ReplyVerdictKind.Accepted, ReplyIgnoredReason.None, ReplyProblem.None);

        // ---- ignored (FF-DEV-11) ----

        /// <summary>47 bytes: one short of a header.</summary>
        public static ReplyCase TooShort { get; } = Ignore(nameof(TooShort), Ignored, Craft.Cut(OkFreezeNoDetail, 47), ReplyIgnoredReason.TooShort);

        /// <summary>No bytes at all (a zero-length replyq chain, FF-DEV-10).</summary>
        public static ReplyCase Empty { get; } = Ignore(nameof(Empty), Ignored, [], ReplyIgnoredReason.TooShort);

        /// <summary>A reply to request 9, which awaits nothing.</summary>
        public static ReplyCase UnknownRequestId { get; } = Ignore(nameof(UnknownRequestId), Ignored, Craft.With32(OkFreeze, FsFreezeReply.RequestIdOffset, 9), ReplyIgnoredReason.UnknownRequestId);

        /// <summary>A FREEZE reply with <c>request_id</c> 0, which no request ever has (FF-DEV-7).</summary>
        public static ReplyCase RequestIdZero { get; } = Ignore(nameof(RequestIdZero), Ignored, Craft.With32(OkFreeze, FsFreezeReply.RequestIdOffset, 0), ReplyIgnoredReason.UnknownRequestId);

        /// <summary>A THAW reply to the awaited FREEZE 7.</summary>
        public static ReplyCase TypeMismatch { get; } = Ignore(nameof(TypeMismatch), Ignored, Craft.With16(OkFreeze, FsFreezeReply.TypeOffset, (ushort)ReplyType.Thaw), ReplyIgnoredReason.TypeMismatch);

        /// <summary>A FREEZE reply to the awaited STATUS 8.</summary>
        public static ReplyCase FreezeTypeForStatusId { get; } = Ignore(nameof(FreezeTypeForStatusId), Ignored, Craft.With32(OkFreeze, FsFreezeReply.RequestIdOffset, StatusId), ReplyIgnoredReason.TypeMismatch);

        /// <summary>An undefined type (4) with the awaited FREEZE's id.</summary>
        public static ReplyCase UnknownTypeForAwaitedId { get; } = Ignore(nameof(UnknownTypeForAwaitedId), Ignored, Craft.With16(OkFreeze, FsFreezeReply.TypeOffset, 4), ReplyIgnoredReason.TypeMismatch);

        // ---- events (FF-DEV-13) ----

        /// <summary>An EVENT, EVENTS not negotiated.</summary>
        public static ReplyCase EventWithoutEvents { get; } = Ignore(nameof(EventWithoutEvents), Events, Event, ReplyIgnoredReason.EventNotNegotiated, AllFeatures & ~FsFreezeFeature.Mask(FsFreezeFeature.Events));

        /// <summary>An EVENT with <c>request_id</c> 7, the awaited FREEZE's.</summary>
        public static ReplyCase EventWithRequestId { get; } = Ignore(nameof(EventWithRequestId), Events, Craft.With32(Event, FsFreezeReply.RequestIdOffset, FreezeId), ReplyIgnoredReason.EventWithRequestId);

        /// <summary>An EVENT with <c>event</c> 3.</summary>
        public static ReplyCase EventUnknownCode { get; } = Ignore(nameof(EventUnknownCode), Events, Craft.With32(Event, FsFreezeReply.EventOffset, 3), ReplyIgnoredReason.UnknownEvent);

        /// <summary>An EVENT with <c>event</c> 0.</summary>
        public static ReplyCase EventCodeZero { get; } = Ignore(nameof(EventCodeZero), Events, Craft.With32(Event, FsFreezeReply.EventOffset, 0), ReplyIgnoredReason.UnknownEvent);

        /// <summary>An EVENT with a non-zero <c>reserved</c>: no request to fail, so it is ignored.</summary>
        public static ReplyCase EventReservedNonZero { get; } = Ignore(
            nameof(EventReservedNonZero), Events, Craft.With32(Event, FsFreezeReply.ReservedOffset, 1), ReplyIgnoredReason.MalformedEvent, problem: ReplyProblem.ReservedNonZero);

        /// <summary>An EVENT whose entries contradict its counts (one THAWED entry for 2 thawed, a complete list).</summary>
        public static ReplyCase EventEntriesContradictCounts { get; } = Ignore(
            nameof(EventEntriesContradictCounts), Events, (EventReply with { Entries = [Entry(253, 1, EntryResult.Thawed, "xfs")] }).ToArray(), ReplyIgnoredReason.MalformedEvent, problem: ReplyProblem.EntriesContradictCounts);

        /// <summary>A valid EVENT AUTO_THAWED with its entries.</summary>
        public static ReplyCase EventAutoThawed { get; } = Accept(nameof(EventAutoThawed), Events, Event);

        /// <summary>A valid EVENT THAWED_ON_REMOVE.</summary>
        public static ReplyCase EventThawedOnRemove { get; } = Accept(nameof(EventThawedOnRemove), Events, Craft.With32(Event, FsFreezeReply.EventOffset, (uint)EventCode.ThawedOnRemove));

        // ---- protocol errors (FF-DEV-12) ----

        /// <summary>Status 7, one past DEADLINE.</summary>
        public static ReplyCase UnknownStatus { get; } = Error(nameof(UnknownStatus), Craft.With16(OkFreeze, FsFreezeReply.StatusOffset, 7), ReplyProblem.UnknownStatus);

        /// <summary>State 4, one past THAWING.</summary>
        public static ReplyCase UnknownState { get; } = Error(nameof(UnknownState), Craft.With32(OkFreeze, FsFreezeReply.StateOffset, 4), ReplyProblem.UnknownState);

        /// <summary><c>entry_count</c> 5 with <c>max_entries</c> 4 (the 5 entries are all there).</summary>
        public static ReplyCase EntryCountAboveMax { get; } = Error(
            nameof(EntryCountAboveMax),
            (OkFreezeReply with { FrozenCount = 5, SkippedCount = 0, Entries = Enumerable.Range(0, 5).Select(i => Entry(253, (uint)i, EntryResult.Frozen, "ext4")).ToArray() }).ToArray(),
            ReplyProblem.EntryCountAboveMax);

        /// <summary><c>entry_count</c> 3 with only 2 entries in the bytes.</summary>
        public static ReplyCase EntriesBeyondBuffer { get; } = Error(nameof(EntriesBeyondBuffer), Craft.Cut(OkFreeze, EntryAt(2)), ReplyProblem.EntriesBeyondBuffer);

        /// <summary><c>entry_count</c> 0xFFFFFFFF with <c>max_entries</c> 4: refused before any size arithmetic could overflow.</summary>
        public static ReplyCase EntryCountHuge { get; } = Error(nameof(EntryCountHuge), Craft.With32(OkFreeze, FsFreezeReply.EntryCountOffset, uint.MaxValue), ReplyProblem.EntryCountAboveMax);

        /// <summary>Entries, SB_DETAIL not negotiated.</summary>
        public static ReplyCase EntriesWithoutSbDetail { get; } = Error(
            nameof(EntriesWithoutSbDetail), OkFreeze, ReplyProblem.EntriesWithoutSbDetail, AllFeatures & ~FsFreezeFeature.Mask(FsFreezeFeature.SbDetail));

        /// <summary>Three FROZEN entries, <c>frozen_count</c> 2: more entries of a kind than its count.</summary>
        public static ReplyCase EntriesAboveCount { get; } = Error(
            nameof(EntriesAboveCount), Craft.With16(OkFreeze, EntryAt(1) + SuperblockEntry.ResultOffset, (ushort)EntryResult.Frozen), ReplyProblem.EntriesContradictCounts);

        /// <summary>A complete list (3 &lt; 4 entries) with <c>frozen_count</c> 3 but 2 FROZEN entries.</summary>
        public static ReplyCase EntriesBelowCountInCompleteList { get; } = Error(
            nameof(EntriesBelowCountInCompleteList), Craft.With32(OkFreeze, FsFreezeReply.FrozenCountOffset, 3), ReplyProblem.EntriesContradictCounts);

        /// <summary>SB_DETAIL negotiated, OK FREEZE with 2 frozen and no entries at all.</summary>
        public static ReplyCase NoEntriesWithSbDetail { get; } = Error(nameof(NoEntriesWithSbDetail), OkFreezeNoDetail, ReplyProblem.EntriesContradictCounts);

        /// <summary>Non-zero <c>reserved</c>.</summary>
        public static ReplyCase ReservedNonZero { get; } = Error(nameof(ReservedNonZero), Craft.With32(OkFreeze, FsFreezeReply.ReservedOffset, 0x80000000), ReplyProblem.ReservedNonZero);

        /// <summary>OK to the FREEZE with <c>failed_count</c> 1 (and a FAILED entry to match).</summary>
        public static ReplyCase OkFreezeWithFailures { get; } = Error(
            nameof(OkFreezeWithFailures),
            (OkFreezeReply with { SkippedCount = 0, FailedCount = 1, Entries = [Entry(253, 1, EntryResult.Frozen, "xfs"), Entry(0, 25, EntryResult.Failed, "tmpfs", 5), Entry(253, 0, EntryResult.Frozen, "ext4")] }).ToArray(),
            ReplyProblem.OkFreezeWithFailures);

        /// <summary>FAILED to the FREEZE with <c>frozen_count</c> 2: a failed freeze is rolled back (FF-DRV-19).</summary>
        public static ReplyCase FailedFreezeWithFrozen { get; } = Error(
            nameof(FailedFreezeWithFrozen), Craft.With16(OkFreezeNoDetail, FsFreezeReply.StatusOffset, (ushort)ReplyStatus.Failed), ReplyProblem.FailedFreezeWithFrozen, FsFreezeFeature.Mask(FsFreezeFeature.AppNotice));

        /// <summary>Non-zero <c>notice_late</c>, APP_NOTICE not negotiated (FF-DRV-5).</summary>
        public static ReplyCase NoticeLateWithoutAppNotice { get; } = Error(
            nameof(NoticeLateWithoutAppNotice), Craft.With32(OkFreeze, FsFreezeReply.NoticeLateOffset, 1), ReplyProblem.NoticeLateWithoutAppNotice, AllFeatures & ~FsFreezeFeature.Mask(FsFreezeFeature.AppNotice));

        /// <summary>A FREEZE reply with <c>event</c> 1: "otherwise 0".</summary>
        public static ReplyCase EventFieldInAReply { get; } = Error(nameof(EventFieldInAReply), Craft.With32(OkFreeze, FsFreezeReply.EventOffset, 1), ReplyProblem.EventFieldNonZero);

        /// <summary>An entry with result 6.</summary>
        public static ReplyCase UnknownEntryResult { get; } = Error(nameof(UnknownEntryResult), Craft.With16(OkFreeze, EntryAt(0) + SuperblockEntry.ResultOffset, 6), ReplyProblem.UnknownEntryResult);

        /// <summary>An entry with flag bit 2.</summary>
        public static ReplyCase UnknownEntryFlags { get; } = Error(nameof(UnknownEntryFlags), Craft.With16(OkFreeze, EntryAt(0) + SuperblockEntry.FlagsOffset, 4), ReplyProblem.UnknownEntryFlags);

        /// <summary>A FROZEN entry with <c>error</c> 5.</summary>
        public static ReplyCase ErrnoOnAFrozenEntry { get; } = Error(nameof(ErrnoOnAFrozenEntry), Craft.With32(OkFreeze, EntryAt(0) + SuperblockEntry.ErrorOffset, 5), ReplyProblem.EntryErrorMismatch);

        /// <summary>A FAILED entry with <c>error</c> 0 (not a positive errno).</summary>
        public static ReplyCase FailedEntryWithoutErrno { get; } = Error(
            nameof(FailedEntryWithoutErrno),
            new FsFreezeReply
            {
                Type = ReplyType.Freeze, Status = ReplyStatus.Failed, RequestId = FreezeId, FailedCount = 1,
                Entries = [Entry(253, 0, EntryResult.Failed, "ext4")],
            }.ToArray(),
            ReplyProblem.EntryErrorMismatch);

        /// <summary>An <c>fs_type</c> "xfs\0x": a byte after the terminating NUL.</summary>
        public static ReplyCase FsTypeNotNulPadded { get; } = Error(nameof(FsTypeNotNulPadded), Craft.With8(OkFreeze, EntryAt(0) + SuperblockEntry.FsTypeOffset + 4, (byte)'x'), ReplyProblem.FsTypeNotNulPadded);

        // ---- accepted at the edges ----

        /// <summary>The valid OK FREEZE reply.</summary>
        public static ReplyCase OkFreezeWithEntries { get; } = Accept(nameof(OkFreezeWithEntries), Broken, OkFreeze);

        /// <summary>The valid STATUS reply to STATUS 8 while FREEZE 7 also awaits its reply.</summary>
        public static ReplyCase StatusWhileFreezeAwaits { get; } = Accept(nameof(StatusWhileFreezeAwaits), Ignored, OkStatus);

        /// <summary>Counts above the entries when <c>entry_count</c> is <c>max_entries</c>: the list is truncated (FF-DRV-26).</summary>
        public static ReplyCase TruncatedListAtMaxEntries { get; } = Accept(
            nameof(TruncatedListAtMaxEntries),
            Broken,
            (OkFreezeReply with { FrozenCount = 10, SkippedCount = 3, Entries = Enumerable.Range(0, 4).Select(i => Entry(253, (uint)i, EntryResult.Frozen, "ext4")).ToArray() }).ToArray());

        /// <summary>A FAILED THAW keeps the failed superblock held: state FROZEN, <c>frozen_count</c> 1, a FAILED entry (FF-DRV-25).</summary>
        public static ReplyCase FailedThawKeepsItsFrozen { get; } = new(
            nameof(FailedThawKeepsItsFrozen),
            Broken,
            AllFeatures,
            MaxEntries,
            AwaitedRequests.None.WithControl(RequestType.Thaw, FreezeId),
            new FsFreezeReply
            {
                Type = ReplyType.Thaw, Status = ReplyStatus.Failed, RequestId = FreezeId, State = GuestFreezeState.Frozen,
                FrozenCount = 1, ThawedCount = 1, FailedCount = 1,
                Entries = [Entry(253, 1, EntryResult.Thawed, "xfs"), Entry(253, 0, EntryResult.Failed, "ext4", 16)],
            }.ToArray(),
            ReplyVerdictKind.Accepted,
            ReplyIgnoredReason.None,
            ReplyProblem.None);

        /// <summary>ALREADY_FROZEN to a FREEZE: <c>frozen_count</c> reports the held freeze, no entries (nothing acted on).</summary>
        public static ReplyCase AlreadyFrozenWithHeldCount { get; } = Accept(
            nameof(AlreadyFrozenWithHeldCount),
            Broken,
            new FsFreezeReply { Type = ReplyType.Freeze, Status = ReplyStatus.AlreadyFrozen, RequestId = FreezeId, State = GuestFreezeState.Frozen, FrozenCount = 2, RemainingMs = 500 }.ToArray());

        /// <summary>Bytes after the last entry are not part of the reply and are ignored.</summary>
        public static ReplyCase TrailingBytesIgnored { get; } = Accept(nameof(TrailingBytesIgnored), Broken, Craft.With8(Craft.Extend(OkFreeze, 8), OkFreeze.Length, 0xee));

        /// <summary>Every case, for adapters that run the whole table.</summary>
        public static IReadOnlyList<ReplyCase> All { get; } = typeof(ReplyCases).GetProperties()
            .Where(p => p.PropertyType == typeof(ReplyCase))
            .Select(p => (ReplyCase)p.GetValue(null)!)
            .ToArray();
    }
}
