using System;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Mmio
{
    /// <summary>
    /// The virtio-mmio version 2 register file of one <see cref="VirtioDevice"/> (virtio 1.4 "Virtio Over MMIO"):
    /// status state machine, feature negotiation, virtqueue setup, notifications, interrupts and the configuration
    /// space. Everything the driver writes is untrusted: a bad access is ignored and a bad ring becomes
    /// DEVICE_NEEDS_RESET, never an exception. Not thread-safe: the caller serialises accesses and device
    /// completions, as a vCPU exit handler and a device thread sharing one lock would.
    /// </summary>
    public sealed partial class VirtioMmioTransport : MmioRegisterFile
    {
        private readonly VirtioDevice _device;
        private readonly GuestMemory _memory;
        private readonly IInterruptLine? _interruptLine;
        private readonly MmioQueueState[] _queues;
        private DeviceStatus _status;
        private uint _deviceFeaturesSel;
        private uint _driverFeaturesSel;
        private ulong _driverFeatures;
        private uint _queueSel;
        private uint _shmSel;
        private MmioInterrupt _interruptStatus;

        /// <summary>Creates the register file for <paramref name="device"/>, whose queues live in <paramref name="memory"/>.</summary>
        /// <exception cref="InvalidOperationException">The device is already attached to another transport.</exception>
        public VirtioMmioTransport(VirtioDevice device, GuestMemory memory, IInterruptLine? interruptLine = null)
        {
            ArgumentNullException.ThrowIfNull(device);
            ArgumentNullException.ThrowIfNull(memory);

            _device = device;
            _memory = memory;
            _interruptLine = interruptLine;
            _queues = new MmioQueueState[device.QueueCount];
            for (int i = 0; i < _queues.Length; i++)
            {
                _queues[i] = new MmioQueueState(device.GetQueueSizeMax(i));
            }

            device.Attach(new DeviceContext(this));
        }

        /// <summary>The device behind the registers.</summary>
        public VirtioDevice Device => _device;

        /// <summary>The Device Status field.</summary>
        public DeviceStatus Status => _status;

        /// <summary>Pending interrupt bits (InterruptStatus).</summary>
        public MmioInterrupt InterruptStatus => _interruptStatus;

        /// <summary>The features the driver has written so far (DriverFeatures, both windows).</summary>
        public ulong DriverFeatures => _driverFeatures;

        /// <summary>The negotiated features: <see cref="DriverFeatures"/> once FEATURES_OK is set, else 0.</summary>
        public ulong NegotiatedFeatures => (_status & DeviceStatus.FeaturesOk) != 0 ? _driverFeatures : 0;

        /// <summary>Why DEVICE_NEEDS_RESET was set, or null when it is clear.</summary>
        public DeviceFault? Fault { get; private set; }

        /// <inheritdoc />
        protected override uint ReadRegister(ulong offset)
        {
            MmioQueueState? queue = SelectedQueue;
            return offset switch
            {
                MmioRegister.DeviceId => _device.DeviceId,
                MmioRegister.VendorId => _device.VendorId,
                MmioRegister.DeviceFeatures => FeatureWindow(_device.DeviceFeatures, _deviceFeaturesSel),
                MmioRegister.QueueSizeMax => queue?.SizeMax ?? 0u,
                MmioRegister.QueueReady => queue is { Ready: true } ? 1u : 0u,
                MmioRegister.InterruptStatus => (uint)_interruptStatus,
                MmioRegister.Status => (uint)_status,

                // Write-only and unassigned offsets read 0.
                _ => 0,
            };
        }

        /// <inheritdoc />
        protected override void WriteRegister(ulong offset, uint value)
        {
            switch (offset)
            {
                case MmioRegister.DeviceFeaturesSel:
                    _deviceFeaturesSel = value;
                    break;
                case MmioRegister.DriverFeatures:
                    WriteDriverFeatures(value);
                    break;
                case MmioRegister.DriverFeaturesSel:
                    _driverFeaturesSel = value;
                    break;
                case MmioRegister.QueueSel:
                    _queueSel = value;
                    break;
                case MmioRegister.QueueSize:
                case MmioRegister.QueueDescLow:
                case MmioRegister.QueueDescHigh:
                case MmioRegister.QueueDriverLow:
                case MmioRegister.QueueDriverHigh:
                case MmioRegister.QueueDeviceLow:
                case MmioRegister.QueueDeviceHigh:
                    WriteQueueSetup(offset, value);
                    break;
                case MmioRegister.QueueReady:
                    WriteQueueReady(value);
                    break;
                case MmioRegister.QueueNotify:
                    Notify(value);
                    break;
                case MmioRegister.InterruptAck:
                    _interruptStatus &= ~(MmioInterrupt)value;
                    break;
                case MmioRegister.Status:
                    WriteStatus(value);
                    break;
                case MmioRegister.ShmSel:
                    _shmSel = value;
                    break;
                default:
                    // Read-only registers, QueueReset without RING_RESET, unassigned offsets: ignored (FF-MMIO-3).
                    break;
            }
        }

        private MmioQueueState? SelectedQueue => _queueSel < (uint)_queues.Length ? _queues[_queueSel] : null;

        /// <summary>The selected shared memory region; none exist, but the selector is kept as the spec's state.</summary>
        internal uint ShmSel => _shmSel;

        private void SetInterrupt(MmioInterrupt bits)
        {
            MmioInterrupt newlySet = bits & ~_interruptStatus;
            _interruptStatus |= bits;
            if (newlySet != MmioInterrupt.None)
            {
                _interruptLine?.Raise(_interruptStatus);
            }
        }
    }
}
