using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Virtio.Mmio
{
    /// <summary>Virtqueue registers and notifications (virtio 1.4 "Virtqueue Configuration" and "Notifications", MMIO).</summary>
    public sealed partial class VirtioMmioTransport
    {
        /// <summary>
        /// Chains the device end of virtqueue <paramref name="queueIndex"/> popped and has not used yet, or 0 when the
        /// queue is not ready. A diagnostic for leak checks (FF-RING-14: every chain taken is used exactly once).
        /// </summary>
        public int DeviceInFlight(int queueIndex) =>
            queueIndex >= 0 && queueIndex < _queues.Length && _queues[queueIndex].DeviceEnd is { } end ? end.InFlightCount : 0;

        private void WriteQueueSetup(ulong offset, uint value)
        {
            MmioQueueState? queue = SelectedQueue;

            // FF-MMIO-5: a queue that does not exist ignores writes. FF-MMIO-7: a ready queue's layout is frozen.
            if (queue is null || queue.Ready)
            {
                return;
            }

            switch (offset)
            {
                case MmioRegister.QueueSize:
                    queue.Size = value;
                    break;
                case MmioRegister.QueueDescLow:
                    queue.DescriptorArea = MmioQueueState.WithLow(queue.DescriptorArea, value);
                    break;
                case MmioRegister.QueueDescHigh:
                    queue.DescriptorArea = MmioQueueState.WithHigh(queue.DescriptorArea, value);
                    break;
                case MmioRegister.QueueDriverLow:
                    queue.DriverArea = MmioQueueState.WithLow(queue.DriverArea, value);
                    break;
                case MmioRegister.QueueDriverHigh:
                    queue.DriverArea = MmioQueueState.WithHigh(queue.DriverArea, value);
                    break;
                case MmioRegister.QueueDeviceLow:
                    queue.DeviceArea = MmioQueueState.WithLow(queue.DeviceArea, value);
                    break;
                case MmioRegister.QueueDeviceHigh:
                    queue.DeviceArea = MmioQueueState.WithHigh(queue.DeviceArea, value);
                    break;
            }
        }

        private void WriteQueueReady(uint value)
        {
            MmioQueueState? queue = SelectedQueue;
            if (queue is null)
            {
                return;
            }

            if (value == 0)
            {
                // FF-MMIO-7: the driver stops a queue by writing 0; the device drops its end of it.
                queue.DeviceEnd = null;
                return;
            }

            // Only 1 enables. Queues are set up after FEATURES_OK (the ring format depends on the features) and
            // never on a device that has failed or needs a reset.
            const DeviceStatus Blocking = DeviceStatus.DeviceNeedsReset | DeviceStatus.Failed;
            if (value != 1 || queue.Ready || (_status & DeviceStatus.FeaturesOk) == 0 || (_status & Blocking) != 0)
            {
                return;
            }

            int index = (int)_queueSel;

            // FF-MMIO-6: size 0 or above QueueSizeMax; the factory checks what depends on the ring format.
            if (queue.Size == 0 || queue.Size > queue.SizeMax)
            {
                EnterNeedsReset(new DeviceFault(index, QueueError.InvalidQueueSize));
                return;
            }

            var config = new QueueConfiguration((ushort)queue.Size, queue.DescriptorArea, queue.DriverArea, queue.DeviceArea, _driverFeatures);
            QueueError error = DeviceQueueFactory.TryCreate(_memory, config, out IDeviceQueue? deviceEnd);
            if (error != QueueError.None)
            {
                EnterNeedsReset(new DeviceFault(index, error));
                return;
            }

            queue.DeviceEnd = deviceEnd;
        }

        private void Notify(uint value)
        {
            // FF-MMIO-9 (CVE-2011-2512): a nonexistent or disabled queue ignores the notification. FF-INIT-6, -7, -10:
            // nothing is processed before DRIVER_OK, after DEVICE_NEEDS_RESET or after FAILED.
            if (value >= (uint)_queues.Length || !_queues[value].Ready || !CanProcessQueues)
            {
                return;
            }

            _device.OnQueueNotify((int)value);
            CheckQueueErrors();
        }

        /// <summary>
        /// A ring error the device did not report itself still breaks the device (FF-INIT-7): the queues latch their
        /// first error, so looking after each device callback is enough.
        /// </summary>
        private void CheckQueueErrors()
        {
            for (int i = 0; i < _queues.Length; i++)
            {
                IDeviceQueue? deviceEnd = _queues[i].DeviceEnd;
                if (deviceEnd is not null && deviceEnd.Error != QueueError.None)
                {
                    EnterNeedsReset(new DeviceFault(i, deviceEnd.Error));
                    return;
                }
            }
        }
    }
}
