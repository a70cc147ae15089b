using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices;

namespace FsFreeze.Virtio.Mmio
{
    /// <summary>Device status, feature negotiation, reset and DEVICE_NEEDS_RESET (virtio 1.4 "Device Status Field", "Device Initialization").</summary>
    public sealed partial class VirtioMmioTransport
    {
        /// <summary>The bits a driver may set; DEVICE_NEEDS_RESET is the device's, SUSPEND needs a feature not offered.</summary>
        private const DeviceStatus DriverSettable =
            DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk | DeviceStatus.DriverOk | DeviceStatus.Failed;

        private bool CanProcessQueues =>
            (_status & (DeviceStatus.DriverOk | DeviceStatus.DeviceNeedsReset | DeviceStatus.Failed)) == DeviceStatus.DriverOk;

        private void WriteStatus(uint value)
        {
            if (value == 0)
            {
                Reset();
                return;
            }

            // Status is 8 bits wide; a write with higher bits set is not a status the spec defines.
            if (value > byte.MaxValue)
            {
                return;
            }

            DeviceStatus requested = (DeviceStatus)value;

            // FF-INIT-3: the driver never clears a bit except by reset; such a write is ignored as a whole.
            if ((_status & ~requested) != 0)
            {
                return;
            }

            DeviceStatus added = requested & ~_status;
            if ((added & ~DriverSettable) != 0)
            {
                return;
            }

            if ((added & DeviceStatus.FeaturesOk) != 0 && !FeaturesAcceptable(_driverFeatures))
            {
                // FF-INIT-4: refusing means leaving FEATURES_OK clear; the driver reads it back and gives up.
                added &= ~DeviceStatus.FeaturesOk;
            }

            // FF-INIT-3: DRIVER_OK without FEATURES_OK (already set or accepted in this very write) is ignored.
            if ((added & DeviceStatus.DriverOk) != 0 && ((_status | added) & DeviceStatus.FeaturesOk) == 0)
            {
                return;
            }

            _status |= added;
            if ((added & DeviceStatus.DriverOk) != 0 && CanProcessQueues)
            {
                // FF-INIT-6: buffers made available before DRIVER_OK are the device's to consume from now on.
                _device.OnDriverOk();
                CheckQueueErrors();
            }
        }

        private bool FeaturesAcceptable(ulong features) =>
            (features & ~_device.DeviceFeatures) == 0
            && VirtioFeatureBit.IsSet(features, VirtioFeatureBit.Version1)
            && _device.AcceptFeatures(features);

        private void WriteDriverFeatures(uint value)
        {
            // FF-INIT-5: after FEATURES_OK the negotiated set is frozen until reset.
            if ((_status & DeviceStatus.FeaturesOk) != 0)
            {
                return;
            }

            _driverFeatures = WithFeatureWindow(_driverFeatures, _driverFeaturesSel, value);
        }

        /// <summary>FF-INIT-8, virtio 1.4 "Device Reset": everything the driver set returns to its initial value.</summary>
        private void Reset()
        {
            _status = DeviceStatus.None;
            _deviceFeaturesSel = 0;
            _driverFeaturesSel = 0;
            _driverFeatures = 0;
            _queueSel = 0;
            _shmSel = 0;
            _interruptStatus = MmioInterrupt.None;
            foreach (MmioQueueState queue in _queues)
            {
                queue.Reset();
            }

            // ConfigGeneration is not reset: it only has to differ across a change, and a counter that never goes
            // back cannot make a stale read look consistent.
            Fault = null;
            _device.OnReset();
        }

        /// <summary>
        /// FF-INIT-7, QEMU <c>virtio_error</c>: set DEVICE_NEEDS_RESET and, after DRIVER_OK, send a configuration-change
        /// notification. The first fault is kept; the device stays broken until reset.
        /// </summary>
        private void EnterNeedsReset(DeviceFault fault)
        {
            if ((_status & DeviceStatus.DeviceNeedsReset) != 0)
            {
                return;
            }

            _status |= DeviceStatus.DeviceNeedsReset;
            Fault = fault;
            if ((_status & DeviceStatus.DriverOk) != 0)
            {
                SetInterrupt(MmioInterrupt.ConfigurationChange);
            }
        }
    }
}
