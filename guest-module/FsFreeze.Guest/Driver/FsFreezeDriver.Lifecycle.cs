using System.Collections.Generic;
using FsFreeze.Protocol;
using FsFreeze.Simulation;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Guest.Driver
{
    /// <content>DEVICE_NEEDS_RESET and removal (FF-DRV-28): thaw everything before the device is reset.</content>
    public sealed partial class FsFreezeDriver
    {
        /// <summary>
        /// Unbinds the driver: stops a freeze in progress (rolled back), waits for any thaw, thaws everything held,
        /// sends EVENT THAWED_ON_REMOVE when EVENTS was negotiated and something was held, then resets the device.
        /// Spawn the returned operation; it is true once the device is reset.
        /// </summary>
        public SimOperation<bool> Remove() => new("fsfreeze remove", Removal);

        private IEnumerable<Wait> Removal(SimOperation<bool> op)
        {
            var tally = new ThawTally();
            foreach (Wait wait in QuiesceAndThaw(tally))
            {
                yield return wait;
            }

            if (Phase == DriverPhase.Ready && Negotiated(FsFreezeFeature.Events) && tally.Thawed.Count + tally.Failed.Count > 0)
            {
                GuestFreezeState state = held.Count > 0 ? GuestFreezeState.Frozen : GuestFreezeState.Thawed;
                Send(Message(ReplyType.Event, ReplyStatus.Ok, 0, state, held.Count, tally.Thawed.Count, 0, tally.Failed.Count, ThawEntries(tally), EventCode.ThawedOnRemove, 0));
            }

            Write(MmioRegister.Status, 0);
            DropQueues();
            Phase = DriverPhase.Removed;
            SetOperation(DriverOperation.None);
            Log($"removed; {held.Count} still held");
            op.Complete(true);
        }

        private void ScheduleReset()
        {
            if (resetScheduled)
            {
                return;
            }

            resetScheduled = true;
            Phase = DriverPhase.Resetting;
            Log("DEVICE_NEEDS_RESET");
            Scheduler.Spawn("fsfreeze reset", ResetAndReinitialize());
        }

        private IEnumerable<Wait> ResetAndReinitialize()
        {
            var tally = new ThawTally();
            foreach (Wait wait in QuiesceAndThaw(tally))
            {
                yield return wait;
            }

            Write(MmioRegister.Status, 0);
            DropQueues();
            resetScheduled = false;
            Probe();
            AfterOperation();
        }

        /// <summary>Aborts a freeze in progress, waits until no operation runs, then thaws everything held (as THAWING).</summary>
        private IEnumerable<Wait> QuiesceAndThaw(ThawTally tally)
        {
            if (Operation == DriverOperation.Freezing && abort == AbortReason.None)
            {
                abort = AbortReason.DeviceGone;
                noticeWake?.WakeAll();
            }

            while (Operation != DriverOperation.None)
            {
                yield return operationIdle;
            }

            SetOperation(DriverOperation.Thawing);
            foreach (Wait wait in ThawHeld(tally))
            {
                yield return wait;
            }

            if (held.Count == 0)
            {
                CancelDeadline();
                TellThawed();
            }
        }
    }
}
