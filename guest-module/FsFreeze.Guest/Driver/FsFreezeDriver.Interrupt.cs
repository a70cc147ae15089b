using System;
using System.Collections.Generic;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Simulation;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Guest.Driver
{
    /// <content>The interrupt handler and the work task that reads requests and answers or starts them.</content>
    public sealed partial class FsFreezeDriver
    {
        /// <summary>
        /// The interrupt handler (vm_interrupt): reads InterruptStatus and acknowledges exactly those bits
        /// (FF-MMIO-8). A configuration change with DEVICE_NEEDS_RESET starts the reset work (FF-DRV-28); a used
        /// buffer schedules the work task. It never sleeps and never runs request handling itself.
        /// </summary>
        public void OnInterrupt()
        {
            if (Phase != DriverPhase.Ready)
            {
                return;
            }

            var pending = (MmioInterrupt)Read(MmioRegister.InterruptStatus);
            if (pending == MmioInterrupt.None)
            {
                return;
            }

            Write(MmioRegister.InterruptAck, (uint)pending);
            if ((pending & MmioInterrupt.ConfigurationChange) != 0
                && ((DeviceStatus)Read(MmioRegister.Status) & DeviceStatus.DeviceNeedsReset) != 0)
            {
                ScheduleReset();
                return;
            }

            if ((pending & MmioInterrupt.UsedBuffer) != 0)
            {
                ScheduleWork();
            }
        }

        private void ScheduleWork()
        {
            if (workScheduled)
            {
                return;
            }

            workScheduled = true;
            Scheduler.Spawn("fsfreeze work", Work());
        }

        private IEnumerable<Wait> Work()
        {
            // Cleared first: an interrupt arriving while this runs schedules another pass rather than being lost.
            workScheduled = false;
            if (Phase == DriverPhase.Ready)
            {
                ProcessRequests();
                FlushMessages();
            }

            yield break;
        }

        private void ProcessRequests()
        {
            if (requestq is null)
            {
                return;
            }

            while (true)
            {
                bool ok = requestq.TryReclaim(out UsedBuffer used, out QueueError error);
                if (!ok && error == QueueError.None)
                {
                    break;
                }

                int index = used.Token < (ulong)requestPosted.Length ? (int)used.Token : -1;
                if (!ok)
                {
                    // FF-DRV-13: a completion for a buffer never posted, or longer than the buffer, is a device error:
                    // ignored, nothing frozen because of it; a buffer that came back is posted again.
                    RefusedCompletions++;
                    Log($"requestq completion refused: {error}");
                    if (error == QueueError.UsedLengthTooLarge && index >= 0)
                    {
                        requestPosted[index] = false;
                    }
                    else if (error is QueueError.UsedIdOutOfRange or QueueError.UsedIdNotInFlight)
                    {
                        // The device consumed one of the posted buffers but the id does not say which: replace it.
                        lostRequestBuffers++;
                    }

                    if (error == QueueError.UsedIndexJump)
                    {
                        break;
                    }

                    continue;
                }

                if (index < 0 || !requestPosted[index] || used.Length > requestBuffers[index].Length)
                {
                    RefusedCompletions++;
                    Log("requestq completion for a buffer not posted; ignored");
                    continue;
                }

                // Read the request out of the buffer, then repost it at once (FF-DRV-2).
                byte[] bytes = new byte[used.Length];
                memory.TryRead(requestBuffers[index].Address, bytes);
                requestPosted[index] = false;
                HandleRequest(bytes);
            }

            ReplaceLostRequestBuffers();
            if (Phase == DriverPhase.Ready)
            {
                PostRequestBuffers();
                NotifyRequestQueue();
            }
        }

        /// <summary>Every request gets exactly one reply echoing its type and id (FF-DRV-8).</summary>
        private void HandleRequest(byte[] bytes)
        {
            RequestsReceived++;
            RequestDecodeResult decoded = FsFreezeRequest.TryDecode(bytes, NegotiatedFeatures, Configuration.MaxDeadlineMs, out FsFreezeRequest request);
            if (!decoded.IsValid)
            {
                // FF-DRV-11/12/34: INVALID or UNSUPPORTED, and nothing changes.
                Log($"request refused: {decoded}");
                Send(CurrentReply((ReplyType)decoded.EchoType, decoded.Status, decoded.EchoRequestId, withEntries: false));
                return;
            }

            Log($"request {request.Type} id {request.RequestId} deadline {request.DeadlineMs} notice {request.NoticeMs} selectors {request.SelectorCount}");
            switch (request.Type)
            {
                case RequestType.Status:
                    // FF-DRV-10: at once, whatever is in progress.
                    Send(CurrentReply(ReplyType.Status, ReplyStatus.Ok, request.RequestId, withEntries: true));
                    break;
                case RequestType.Freeze or RequestType.Thaw when Operation != DriverOperation.None:
                    // FF-DRV-9: BUSY at once, without waiting for the one in progress.
                    Send(CurrentReply((ReplyType)request.Type, ReplyStatus.Busy, request.RequestId, withEntries: false));
                    break;
                case RequestType.Freeze when held.Count > 0:
                    // FF-DRV-21: the held freeze and its deadline stay as they are.
                    Send(CurrentReply(ReplyType.Freeze, ReplyStatus.AlreadyFrozen, request.RequestId, withEntries: false));
                    break;
                case RequestType.Freeze:
                    StartFreeze(request);
                    break;
                case RequestType.Thaw:
                    SetOperation(DriverOperation.Thawing);
                    Scheduler.Spawn($"fsfreeze thaw {request.RequestId}", ThawRequest(request.RequestId));
                    break;
                default:
                    Send(CurrentReply((ReplyType)request.Type, ReplyStatus.Invalid, request.RequestId, withEntries: false));
                    break;
            }
        }

        /// <summary>A reply describing the current state: held count, remaining time, and (STATUS) one entry per held superblock.</summary>
        private FsFreezeReply CurrentReply(ReplyType type, ReplyStatus status, uint requestId, bool withEntries)
        {
            var entries = new List<SuperblockEntry>();
            if (withEntries)
            {
                foreach (HeldSuperBlock h in held)
                {
                    entries.Add(Entry(h.SuperBlock, EntryResult.Frozen, 0));
                }
            }

            GuestFreezeState state = State;
            return Message(type, status, requestId, state, frozen: held.Count, thawed: 0, skipped: 0, failed: 0, entries, EventCode.None, noticeLate: 0);
        }
    }
}
