using System;
using FsFreeze.Device.Host;
using FsFreeze.Protocol;
using FsFreeze.Virtio.Common;

namespace FsFreeze.Systems
{
    /// <summary>
    /// Notifications and interrupts spent on one host FREEZE, from the request to the reply the host consumed,
    /// in a whole simulated VM (FF-RING-17, FF-RING-18, FF-RING-24): the driver's QueueNotify writes
    /// (available-buffer notifications, for the reply it posts and the request buffer it gives back) and the
    /// device's interrupts (used-buffer notifications, for the request it delivers and the reply it consumed).
    /// </summary>
    /// <param name="Packed">True for packed rings (VIRTIO_F_RING_PACKED), false for split rings.</param>
    /// <param name="EventIdx">True when VIRTIO_F_EVENT_IDX was negotiated.</param>
    /// <param name="Notifications">QueueNotify writes by the driver during the exchange.</param>
    /// <param name="Interrupts">Interrupts the transport raised during the exchange.</param>
    /// <param name="Status">The reply's status, so a count is never taken from a failed exchange unnoticed.</param>
    public sealed record NotificationCount(bool Packed, bool EventIdx, int Notifications, int Interrupts, ReplyStatus Status)
    {
        /// <summary>The freeze deadline the host asks for, in milliseconds.</summary>
        public const uint DeadlineMs = 30_000;

        /// <summary>Builds a VM with the given ring features, lets it settle, and counts one FREEZE exchange.</summary>
        public static NotificationCount Measure(bool packed, bool eventIdx, ulong seed = 1)
        {
            ulong features = (packed ? VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked) : 0)
                | (eventIdx ? VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx) : 0);
            var vm = new FsFreezeSystem(new SystemOptions { Seed = seed, RingFeatures = features });
            if ((vm.Driver.NegotiatedFeatures & features) != features)
            {
                throw new InvalidOperationException($"ring features 0x{features:x} were not negotiated (0x{vm.Driver.NegotiatedFeatures:x})");
            }

            int notificationsBefore = vm.Registers.Notifications;
            int interruptsBefore = vm.Line.Raised;
            HostOperation freeze = vm.Host.Freeze(DeadlineMs);
            vm.Scheduler.RunUntil(() => freeze.IsCompleted);
            if (!freeze.IsCompleted)
            {
                throw new InvalidOperationException("the FREEZE never completed");
            }

            return new NotificationCount(packed, eventIdx, vm.Registers.Notifications - notificationsBefore, vm.Line.Raised - interruptsBefore, freeze.Result.Status);
        }
    }
}
