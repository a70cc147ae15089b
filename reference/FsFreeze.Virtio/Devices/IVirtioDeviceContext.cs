using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Virtio.Devices
{
    /// <summary>
    /// What a transport gives a <see cref="VirtioDevice"/>: guest memory, the negotiated features, the ready queues,
    /// and the ways to notify the driver or give up. The transport enforces the status rules here, so a device
    /// cannot touch a queue before DRIVER_OK (FF-INIT-6), after DEVICE_NEEDS_RESET (FF-INIT-7) or after FAILED
    /// (FF-INIT-10): <see cref="GetQueue"/> then returns null and used-buffer notifications are dropped.
    /// </summary>
    public interface IVirtioDeviceContext
    {
        /// <summary>The guest memory the virtqueues and buffers live in.</summary>
        GuestMemory Memory { get; }

        /// <summary>The features negotiated at FEATURES_OK, or 0 before it (virtio 1.4 "Feature Bits").</summary>
        ulong NegotiatedFeatures { get; }

        /// <summary>True when DRIVER_OK is set and neither DEVICE_NEEDS_RESET nor FAILED is: the device may process queues.</summary>
        bool CanProcessQueues { get; }

        /// <summary>The device end of virtqueue <paramref name="queueIndex"/>, or null when it is not ready or <see cref="CanProcessQueues"/> is false.</summary>
        IDeviceQueue? GetQueue(int queueIndex);

        /// <summary>
        /// Sends a used-buffer notification for <paramref name="queueIndex"/> if the ring's suppression state asks for
        /// one (<see cref="IDeviceQueue.NeedsInterrupt"/>). A queue that has failed sets DEVICE_NEEDS_RESET instead.
        /// </summary>
        void SignalUsedBuffers(int queueIndex);

        /// <summary>Sends a used-buffer notification without consulting the ring (dropped unless <see cref="CanProcessQueues"/>).</summary>
        void RaiseUsedBufferInterrupt();

        /// <summary>
        /// Declares that the device configuration changed: ConfigGeneration moves on and, once DRIVER_OK is set, a
        /// configuration-change notification is sent (FF-MMIO-10). Call it after the new bytes are in place.
        /// </summary>
        void NotifyConfigChanged();

        /// <summary>Reports a malformed ring on <paramref name="queueIndex"/>: DEVICE_NEEDS_RESET (FF-INIT-7).</summary>
        void ReportQueueError(int queueIndex, QueueError error);

        /// <summary>Reports any other unrecoverable device error: DEVICE_NEEDS_RESET (FF-INIT-7).</summary>
        void ReportUnrecoverableError();
    }
}
