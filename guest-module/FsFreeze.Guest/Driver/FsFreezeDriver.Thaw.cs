using System.Collections.Generic;
using System.Linq;
using FsFreeze.Guest.Filesystems;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Driver
{
    /// <content>THAW, the deadline's auto-thaw, and the thaw pass they share (FF-DRV-24, FF-DRV-25, FF-DRV-27).</content>
    public sealed partial class FsFreezeDriver
    {
        /// <summary>
        /// Thaws every held superblock in the reverse of the freeze order, so the filesystem under a stacked one is
        /// thawed first (notes §1.8). Only the KERNEL hold is dropped: a userspace holder keeps its freeze
        /// (FF-DRV-22). A failed thaw keeps the superblock held (FF-DRV-25).
        /// </summary>
        private IEnumerable<Wait> ThawHeld(ThawTally tally)
        {
            for (int i = held.Count - 1; i >= 0; i--)
            {
                HeldSuperBlock hold = held[i];
                IGuestSuperBlock sb = hold.SuperBlock;
                int kernelBefore = Filesystems.FreezeCount(sb, FreezeHolder.Kernel);
                SimOperation<Errno> thaw = Filesystems.ThawSuper(sb, FreezeHolder.Kernel);
                foreach (Wait wait in thaw)
                {
                    yield return wait;
                }

                // 6.8+: a thaw that drops our hold while another holder remains returns EINVAL although the hold went
                // away (notes §1.4); the kernel count tells whether it did.
                if (thaw.Result == Errno.None || Filesystems.FreezeCount(sb, FreezeHolder.Kernel) < kernelBefore)
                {
                    held.RemoveAt(i);
                    hold.Reference.Release();
                    tally.Thawed.Add(sb);
                }
                else
                {
                    tally.Failed.Add((sb, thaw.Result));
                    Log($"thaw {sb} failed: {thaw.Result}; kept held");
                }
            }
        }

        private IEnumerable<Wait> ThawRequest(uint requestId)
        {
            var tally = new ThawTally();
            foreach (Wait wait in ThawHeld(tally))
            {
                yield return wait;
            }

            if (held.Count == 0)
            {
                // FF-DRV-24: cancel the deadline. With failures it stays armed: it (or a later THAW) retries (FF-DRV-25).
                CancelDeadline();
                TellThawed();
            }

            AfterOperation();
            ReplyStatus status = tally.Failed.Count > 0 ? ReplyStatus.Failed : ReplyStatus.Ok;
            GuestFreezeState state = held.Count > 0 ? GuestFreezeState.Frozen : GuestFreezeState.Thawed;
            Send(Message(ReplyType.Thaw, status, requestId, state, held.Count, tally.Thawed.Count, 0, tally.Failed.Count, ThawEntries(tally), EventCode.None, 0));
        }

        /// <summary>The deadline timer: abort a freeze in progress (FF-DRV-14) or thaw the held freeze (FF-DRV-27).</summary>
        private void OnDeadline()
        {
            Log("deadline passed");
            if (Operation == DriverOperation.Freezing)
            {
                if (abort == AbortReason.None)
                {
                    abort = AbortReason.Deadline;
                }

                noticeWake?.WakeAll();
                return;
            }

            if (Operation == DriverOperation.None && held.Count > 0)
            {
                SetOperation(DriverOperation.Thawing);
                Scheduler.Spawn("fsfreeze auto-thaw", AutoThaw());
            }
        }

        private IEnumerable<Wait> AutoThaw()
        {
            var tally = new ThawTally();
            foreach (Wait wait in ThawHeld(tally))
            {
                yield return wait;
            }

            if (held.Count == 0)
            {
                deadline = null;
                TellThawed();
            }

            AfterOperation();
            if (Negotiated(FsFreezeFeature.Events) && Phase == DriverPhase.Ready)
            {
                GuestFreezeState state = held.Count > 0 ? GuestFreezeState.Frozen : GuestFreezeState.Thawed;
                Send(Message(ReplyType.Event, ReplyStatus.Ok, 0, state, held.Count, tally.Thawed.Count, 0, tally.Failed.Count, ThawEntries(tally), EventCode.AutoThawed, 0));
            }
        }

        private static List<SuperblockEntry> ThawEntries(ThawTally tally) =>
            tally.Thawed.Select(static sb => Entry(sb, EntryResult.Thawed, Errno.None))
                .Concat(tally.Failed.Select(static f => Entry(f.SuperBlock, EntryResult.Failed, f.Error)))
                .ToList();

        /// <summary>
        /// Ends a FREEZE or THAW. If superblocks are still held (a thaw failed) and no deadline is armed, arm a retry
        /// so none stays frozen for good (FF-DRV-25, FF-DRV-27).
        /// </summary>
        private void AfterOperation()
        {
            SetOperation(DriverOperation.None);
            if (held.Count > 0 && deadline is not { IsPending: true })
            {
                deadline = Scheduler.Clock.Schedule(options.ThawRetryInterval, "fsfreeze thaw retry", OnDeadline);
            }
        }

        /// <summary>FF-DRV-31: after a thaw of a freeze whose applications were told, tell them, without waiting.</summary>
        private void TellThawed()
        {
            if (!applicationsTold)
            {
                return;
            }

            applicationsTold = false;
            foreach (GuestApplication application in applications.ToArray())
            {
                application.OnThawed();
            }
        }
    }
}
