using System;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Vectors.Rings
{
    /// <summary>Short names for the steps scenarios are written with, so each scenario reads like a script.</summary>
    internal static class ScenarioSteps
    {
        /// <summary>No buffers.</summary>
        internal static readonly BufferSpec[] None = Array.Empty<BufferSpec>();

        /// <summary>driver_add of a direct chain.</summary>
        internal static RingStep Add(ulong token, BufferSpec[] readable, BufferSpec[] writable) => RingStep.DriverAdd(readable, writable, token);

        /// <summary>driver_add of a chain in an indirect table.</summary>
        internal static RingStep AddIndirect(ulong token, BufferSpec[] readable, BufferSpec[] writable) => RingStep.DriverAdd(readable, writable, token, indirect: true);

        /// <summary>driver_notify_decision.</summary>
        internal static RingStep Notify() => new(RingOp.DriverNotifyDecision);

        /// <summary>driver_reclaim.</summary>
        internal static RingStep Reclaim() => new(RingOp.DriverReclaim);

        /// <summary>driver_disable_interrupts.</summary>
        internal static RingStep DisableInterrupts() => new(RingOp.DriverDisableInterrupts);

        /// <summary>driver_enable_interrupts.</summary>
        internal static RingStep EnableInterrupts() => new(RingOp.DriverEnableInterrupts);

        /// <summary>device_pop.</summary>
        internal static RingStep Pop() => new(RingOp.DevicePop);

        /// <summary>device_push.</summary>
        internal static RingStep Push(ushort id, uint length) => RingStep.DevicePush(id, length);

        /// <summary>device_interrupt_decision.</summary>
        internal static RingStep Interrupt() => new(RingOp.DeviceInterruptDecision);

        /// <summary>device_disable_notifications.</summary>
        internal static RingStep DisableNotifications() => new(RingOp.DeviceDisableNotifications);

        /// <summary>device_enable_notifications.</summary>
        internal static RingStep EnableNotifications() => new(RingOp.DeviceEnableNotifications);
    }
}
