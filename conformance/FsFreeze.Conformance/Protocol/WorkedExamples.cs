using System.Collections.Generic;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.Protocol
{
    /// <summary>
    /// The messages the captions of spec "Worked examples" describe, built field by field in C#. A new hex block
    /// in the spec needs an entry here (the tests fail on an unknown name), and every entry needs its block.
    /// </summary>
    public static class WorkedExamples
    {
        /// <summary>Enough room for every example's entries, so no example is a truncated list.</summary>
        private const uint MaxEntries = 64;

        private static readonly ulong SbDetail = FsFreezeFeature.Mask(FsFreezeFeature.SbDetail);

        /// <summary>Every example, by its hex block name.</summary>
        public static IReadOnlyDictionary<string, WorkedExample> All { get; } = Build();

        private static WorkedExample RequestExample(string name, FsFreezeRequest request, ulong features = 0) =>
            new(name, features, request, null, AwaitedRequests.None, MaxEntries);

        private static WorkedExample ReplyExample(string name, FsFreezeReply reply, AwaitedRequests awaited, ulong features = 0) =>
            new(name, features, null, reply, awaited, MaxEntries);

        private static SuperblockEntry Entry(uint major, uint minor, EntryResult result, string fsType, uint error = 0) =>
            new() { DevMajor = major, DevMinor = minor, Result = result, FsType = fsType, Error = error };

        private static Dictionary<string, WorkedExample> Build()
        {
            var examples = new List<WorkedExample>
            {
                // "A FREEZE, request_id 1, deadline_ms 30000, no notice, no selectors"
                RequestExample("freeze-request", FsFreezeRequest.Freeze(1, 30000)),

                // "A FREEZE with SELECTIVE and APP_NOTICE, request_id 2, deadline_ms 10000, notice_ms 2000, naming the
                // device 253:1 and the mount at /srv/db"
                RequestExample(
                    "freeze-request-selective",
                    FsFreezeRequest.Freeze(2, 10000, 2000, Selector.Device(253, 1), Selector.MountPath("/srv/db")),
                    FsFreezeFeature.Mask(FsFreezeFeature.Selective) | FsFreezeFeature.Mask(FsFreezeFeature.AppNotice)),

                // The reply to the first FREEZE (request_id 1) without SB_DETAIL: OK, FROZEN, 3 frozen, 7 skipped,
                // 29990 ms left.
                ReplyExample(
                    "freeze-reply",
                    new FsFreezeReply { Type = ReplyType.Freeze, Status = ReplyStatus.Ok, RequestId = 1, State = GuestFreezeState.Frozen, FrozenCount = 3, SkippedCount = 7, RemainingMs = 29990 },
                    AwaitedRequests.None.WithControl(RequestType.Freeze, 1)),

                // "A reply with SB_DETAIL ... xfs frozen, tmpfs skipped, ext4 frozen" (newest first).
                ReplyExample(
                    "freeze-reply-detail",
                    new FsFreezeReply
                    {
                        Type = ReplyType.Freeze, Status = ReplyStatus.Ok, RequestId = 1, State = GuestFreezeState.Frozen,
                        FrozenCount = 2, SkippedCount = 1, RemainingMs = 29990,
                        Entries = new[]
                        {
                            Entry(253, 1, EntryResult.Frozen, "xfs"),
                            Entry(0, 25, EntryResult.SkippedUnfreezable, "tmpfs"),
                            Entry(253, 0, EntryResult.Frozen, "ext4"),
                        },
                    },
                    AwaitedRequests.None.WithControl(RequestType.Freeze, 1),
                    SbDetail),

                // "A failed FREEZE (request_id 3) with SB_DETAIL: xfs froze, ext4 failed with EIO (5), so xfs was
                // rolled back" (FF-DRV-19: frozen 0, failed 1, thawed = rolled back).
                ReplyExample(
                    "freeze-reply-failed",
                    new FsFreezeReply
                    {
                        Type = ReplyType.Freeze, Status = ReplyStatus.Failed, RequestId = 3, State = GuestFreezeState.Thawed,
                        ThawedCount = 1, SkippedCount = 1, FailedCount = 1,
                        Entries = new[]
                        {
                            Entry(253, 1, EntryResult.RolledBack, "xfs"),
                            Entry(0, 25, EntryResult.SkippedUnfreezable, "tmpfs"),
                            Entry(253, 0, EntryResult.Failed, "ext4", error: 5),
                        },
                    },
                    AwaitedRequests.None.WithControl(RequestType.Freeze, 3),
                    SbDetail),

                // "A THAW, request_id 4, and its reply: THAWED, 2 thawed"
                RequestExample("thaw-request", FsFreezeRequest.Thaw(4)),
                ReplyExample(
                    "thaw-reply",
                    new FsFreezeReply { Type = ReplyType.Thaw, Status = ReplyStatus.Ok, RequestId = 4, State = GuestFreezeState.Thawed, ThawedCount = 2 },
                    AwaitedRequests.None.WithControl(RequestType.Thaw, 4)),

                // "A STATUS, request_id 5, and its reply while 2 superblocks are frozen with 20000 ms left"
                RequestExample("status-request", FsFreezeRequest.Status(5)),
                ReplyExample(
                    "status-reply",
                    new FsFreezeReply { Type = ReplyType.Status, Status = ReplyStatus.Ok, RequestId = 5, State = GuestFreezeState.Frozen, FrozenCount = 2, RemainingMs = 20000 },
                    AwaitedRequests.None.WithStatus(5)),

                // "An EVENT after the deadline passed with 2 superblocks frozen (EVENTS negotiated)": the driver thawed
                // them (FF-DRV-27), so THAWED with thawed_count 2.
                ReplyExample(
                    "event-auto-thawed",
                    new FsFreezeReply { Type = ReplyType.Event, Status = ReplyStatus.Ok, State = GuestFreezeState.Thawed, ThawedCount = 2, Event = EventCode.AutoThawed },
                    AwaitedRequests.None,
                    FsFreezeFeature.Mask(FsFreezeFeature.Events)),
            };

            var byName = new Dictionary<string, WorkedExample>();
            foreach (WorkedExample example in examples)
            {
                byName.Add(example.Name, example);
            }

            return byName;
        }
    }
}
