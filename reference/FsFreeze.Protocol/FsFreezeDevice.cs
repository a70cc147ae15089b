namespace FsFreeze.Protocol
{
    /// <summary>
    /// Device-level constants of virtio-fsfreeze: spec "Device ID" and "Virtqueues".
    /// <code>
    /// 0  requestq   device to driver: the driver posts device-writable buffers, the device fills one per request
    /// 1  replyq     driver to device: the driver adds device-readable buffers holding replies and events
    /// </code>
    /// </summary>
    public static class FsFreezeDevice
    {
        /// <summary>The experimental device ID, counted down from 65535 as virtio's "What Device Number?" asks (FF-DEV-1).</summary>
        public const uint DeviceId = 65535;

        /// <summary>Index of requestq (FF-DEV-2).</summary>
        public const int RequestQueueIndex = 0;

        /// <summary>Index of replyq (FF-DEV-2).</summary>
        public const int ReplyQueueIndex = 1;

        /// <summary>The device has exactly two virtqueues (FF-DEV-2).</summary>
        public const int QueueCount = 2;

        /// <summary>Smallest QueueSizeMax of either queue (FF-DEV-2): two request buffers let a STATUS pass a FREEZE.</summary>
        public const int MinQueueSizeMax = 2;
    }
}
