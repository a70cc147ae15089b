using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Virtio.Mmio
{
    /// <summary>The services the transport gives its device, with the status rules enforced here.</summary>
    public sealed partial class VirtioMmioTransport
    {
        /// <summary>
        /// The device end of virtqueue <paramref name="queueIndex"/> while QueueReady is 1, whatever the status; null
        /// otherwise. For a transport layered on this register file (vhost-user GET_VRING_BASE reads the next
        /// available index from it, and call notifications go to the rings whose used index moved).
        /// </summary>
        public IDeviceQueue? GetDeviceQueue(int queueIndex) =>
            queueIndex >= 0 && queueIndex < _queues.Length ? _queues[queueIndex].DeviceEnd : null;

        private IDeviceQueue? LiveQueue(int queueIndex) =>
            CanProcessQueues && queueIndex >= 0 && queueIndex < _queues.Length ? _queues[queueIndex].DeviceEnd : null;

        private void SignalUsedBuffers(int queueIndex)
        {
            IDeviceQueue? queue = LiveQueue(queueIndex);
            if (queue is null)
            {
                return;
            }

            if (queue.Error != QueueError.None)
            {
                EnterNeedsReset(new DeviceFault(queueIndex, queue.Error));
                return;
            }

            if (queue.NeedsInterrupt())
            {
                SetInterrupt(MmioInterrupt.UsedBuffer);
            }
        }

        private void NotifyConfigChanged()
        {
            // FF-MMIO-10: the generation moves on every change; the driver hears about it only once DRIVER_OK is set.
            AdvanceConfigGeneration();

            if ((_status & Common.DeviceStatus.DriverOk) != 0)
            {
                SetInterrupt(MmioInterrupt.ConfigurationChange);
            }
        }

        private sealed class DeviceContext : IVirtioDeviceContext
        {
            private readonly VirtioMmioTransport _transport;

            public DeviceContext(VirtioMmioTransport transport) => _transport = transport;

            public GuestMemory Memory => _transport._memory;

            public ulong NegotiatedFeatures => _transport.NegotiatedFeatures;

            public bool CanProcessQueues => _transport.CanProcessQueues;

            public IDeviceQueue? GetQueue(int queueIndex) => _transport.LiveQueue(queueIndex);

            public void SignalUsedBuffers(int queueIndex) => _transport.SignalUsedBuffers(queueIndex);

            public void RaiseUsedBufferInterrupt()
            {
                if (_transport.CanProcessQueues)
                {
                    _transport.SetInterrupt(MmioInterrupt.UsedBuffer);
                }
            }

            public void NotifyConfigChanged() => _transport.NotifyConfigChanged();

            public void ReportQueueError(int queueIndex, QueueError error) => _transport.EnterNeedsReset(new DeviceFault(queueIndex, error));

            public void ReportUnrecoverableError() => _transport.EnterNeedsReset(new DeviceFault(-1, QueueError.None));
        }
    }
}
