namespace FsFreeze.Vectors.Rings
{
    /// <summary>
    /// The operations a ring-state step can perform, as written in the <c>op</c> field. Each maps to one call of
    /// IDriverQueue or IDeviceQueue, so any implementation with a driver and a device end can replay them.
    /// </summary>
    internal static class RingOp
    {
        /// <summary>IDriverQueue.TryAdd: make a chain of readable then writable buffers available.</summary>
        internal const string DriverAdd = "driver_add";

        /// <summary>IDriverQueue.NeedsNotification: must the driver notify the device now?</summary>
        internal const string DriverNotifyDecision = "driver_notify_decision";

        /// <summary>IDriverQueue.TryReclaim: take the next used chain back.</summary>
        internal const string DriverReclaim = "driver_reclaim";

        /// <summary>IDriverQueue.DisableInterrupts: ask the device to suppress used-buffer notifications.</summary>
        internal const string DriverDisableInterrupts = "driver_disable_interrupts";

        /// <summary>IDriverQueue.EnableInterrupts: ask for used-buffer notifications again.</summary>
        internal const string DriverEnableInterrupts = "driver_enable_interrupts";

        /// <summary>IDeviceQueue.TryPop: take the next available chain.</summary>
        internal const string DevicePop = "device_pop";

        /// <summary>IDeviceQueue.PushUsed: return a popped chain as used.</summary>
        internal const string DevicePush = "device_push";

        /// <summary>IDeviceQueue.NeedsInterrupt: must the device send a used-buffer notification now?</summary>
        internal const string DeviceInterruptDecision = "device_interrupt_decision";

        /// <summary>IDeviceQueue.DisableNotifications: ask the driver to suppress available-buffer notifications.</summary>
        internal const string DeviceDisableNotifications = "device_disable_notifications";

        /// <summary>IDeviceQueue.EnableNotifications: ask for available-buffer notifications again.</summary>
        internal const string DeviceEnableNotifications = "device_enable_notifications";
    }
}
