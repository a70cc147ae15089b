using System;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Guest.Filesystems;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Driver
{
    /// <content>FREEZE (FF-DRV-14 to FF-DRV-23, FF-DRV-30): its own task, so STATUS is answered while it runs.</content>
    public sealed partial class FsFreezeDriver
    {
        private WaitQueue? noticeWake;

        private void StartFreeze(FsFreezeRequest request)
        {
            // FF-DRV-14: the deadline counts from receipt, before anything is frozen (notice time included, FF-DRV-30).
            CancelDeadline();
            deadline = Scheduler.Clock.Schedule(TimeSpan.FromMilliseconds(request.DeadlineMs), $"fsfreeze deadline {request.RequestId}", OnDeadline);
            abort = AbortReason.None;
            SetOperation(DriverOperation.Freezing);
            Scheduler.Spawn($"fsfreeze freeze {request.RequestId}", FreezeRequest(request));
        }

        private IEnumerable<Wait> FreezeRequest(FsFreezeRequest request)
        {
            var late = new Ref<int>();
            foreach (Wait wait in GiveNotice(request.NoticeMs, late))
            {
                yield return wait;
            }

            // Walk newest first taking active references, and freeze only after the walk: freezing inside it would
            // take s_umount exclusive under the walk's shared hold (notes §1.7). FF-DRV-16: the walk is over
            // superblocks, so bind mounts and subvolumes show one superblock once.
            var visits = new List<FreezeVisit>();
            var toFreeze = new List<ISuperBlockReference>();
            int skipped = 0;
            if (abort == AbortReason.None)
            {
                foreach (ISuperBlockReference reference in Filesystems.GrabSuperBlocksNewestFirst())
                {
                    EntryResult? skip = SuperBlockSelection.Classify(Filesystems, reference.SuperBlock, request.Selectors);
                    if (skip is { } result)
                    {
                        visits.Add(new FreezeVisit(reference.SuperBlock, result));
                        skipped++;
                        reference.Release();
                    }
                    else
                    {
                        toFreeze.Add(reference);
                    }
                }
            }

            // FF-DRV-15: newest first, so a filesystem on a loop image freezes while the one under it still takes
            // its writeback. FF-DRV-22: the KERNEL holder; a userspace freeze already there is shared, not dropped.
            FreezeVisit? failure = null;
            int next = 0;
            for (; next < toFreeze.Count && abort == AbortReason.None; next++)
            {
                ISuperBlockReference reference = toFreeze[next];
                SimOperation<Errno> freeze = Filesystems.FreezeSuper(reference.SuperBlock, FreezeHolder.Kernel);
                foreach (Wait wait in freeze)
                {
                    yield return wait;
                }

                if (freeze.Result != Errno.None)
                {
                    failure = new FreezeVisit(reference.SuperBlock, EntryResult.Failed, freeze.Result);
                    visits.Add(failure);
                    reference.Release();
                    next++;
                    break;
                }

                // FF-DRV-23: FreezeSuper returned 0, so the superblock is at SB_FREEZE_COMPLETE: written back, committed.
                held.Add(new HeldSuperBlock(reference));
                visits.Add(new FreezeVisit(reference.SuperBlock, EntryResult.Frozen));
            }

            for (; next < toFreeze.Count; next++)
            {
                toFreeze[next].Release();
            }

            if (failure is null && abort == AbortReason.None)
            {
                FinishFreeze(request, visits, skipped, late.Value);
                yield break;
            }

            // FF-DRV-19 / FF-DRV-14: roll back in the reverse of the freeze order.
            var tally = new ThawTally();
            foreach (Wait wait in ThawHeld(tally))
            {
                yield return wait;
            }

            foreach (FreezeVisit visit in visits)
            {
                if (visit.Result == EntryResult.Frozen && tally.Thawed.Contains(visit.SuperBlock))
                {
                    visit.Result = EntryResult.RolledBack;
                }
            }

            AbortReason reason = abort;
            if (held.Count == 0)
            {
                CancelDeadline();
                TellThawed();
            }

            AfterOperation();
            if (reason == AbortReason.DeviceGone)
            {
                // The device is being reset or removed: no reply can reach it (FF-DEV-6 makes the host report no driver).
                Log($"freeze {request.RequestId} abandoned: device gone");
                yield break;
            }

            ReplyStatus status = failure is not null ? ReplyStatus.Failed : ReplyStatus.Deadline;
            GuestFreezeState state = held.Count > 0 ? GuestFreezeState.Frozen : GuestFreezeState.Thawed;
            Send(Message(ReplyType.Freeze, status, request.RequestId, state, held.Count, tally.Thawed.Count, skipped,
                (failure is null ? 0 : 1) + tally.Failed.Count, Entries(visits), EventCode.None, late.Value));
        }

        private void FinishFreeze(FsFreezeRequest request, List<FreezeVisit> visits, int skipped, int late)
        {
            if (held.Count == 0)
            {
                // FF-DRV-20: nothing eligible: OK, THAWED, and no deadline kept.
                CancelDeadline();
                TellThawed();
            }

            AfterOperation();
            GuestFreezeState state = held.Count > 0 ? GuestFreezeState.Frozen : GuestFreezeState.Thawed;
            Send(Message(ReplyType.Freeze, ReplyStatus.Ok, request.RequestId, state, held.Count, 0, skipped, 0, Entries(visits), EventCode.None, late));
        }

        private static List<SuperblockEntry> Entries(List<FreezeVisit> visits) =>
            visits.Select(static v => Entry(v.SuperBlock, v.Result, v.Error)).ToList();

        /// <summary>
        /// FF-DRV-30: tell every registered application, then wait until all answered, notice_ms passed, or the
        /// freeze was aborted; the ones that did not answer are late and the freeze goes on without them.
        /// </summary>
        private IEnumerable<Wait> GiveNotice(ushort noticeMs, Ref<int> late)
        {
            late.Value = 0;
            if (!Negotiated(FsFreezeFeature.AppNotice) || noticeMs == 0 || applications.Count == 0)
            {
                yield break;
            }

            GuestApplication[] told = applications.ToArray();
            var wake = new WaitQueue("fsfreeze.notice");
            var notice = new FreezeNotice(wake);
            noticeWake = wake;
            applicationsTold = true;
            bool expired = false;
            SimTimer timer = Scheduler.Clock.Schedule(TimeSpan.FromMilliseconds(noticeMs), "fsfreeze notice", () =>
            {
                expired = true;
                wake.WakeAll();
            });
            foreach (GuestApplication application in told)
            {
                application.OnFreezeComing(notice);
            }

            while (!expired && abort == AbortReason.None && notice.AnsweredCount < told.Length)
            {
                yield return wake;
            }

            Scheduler.Clock.Cancel(timer);
            notice.Close();
            noticeWake = null;
            late.Value = told.Length - notice.AnsweredCount;
            Log($"notice: {notice.AnsweredCount} of {told.Length} prepared, {late.Value} late");
        }
    }
}
