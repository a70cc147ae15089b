using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Virtio.Mmio
{
    /// <summary>
    /// The driver side of a virtio-mmio device, through its register file only: the initialisation sequence of
    /// virtio 1.4 "Device Initialization" (FF-INIT-2), queue layout in guest memory, notifications, interrupt
    /// acknowledgement and configuration reads under ConfigGeneration. Device-type drivers build on it.
    /// </summary>
    public sealed partial class MmioDriverSession
    {
        /// <summary>Attempts of the ConfigGeneration loop before a configuration read is reported as unstable.</summary>
        public const int MaxConfigReadAttempts = 16;

        private readonly IMmioRegisterFile _registers;
        private readonly IDriverQueue[] _queues;

        private MmioDriverSession(IMmioRegisterFile registers, uint deviceId, ulong negotiatedFeatures, IDriverQueue[] queues)
        {
            _registers = registers;
            DeviceId = deviceId;
            NegotiatedFeatures = negotiatedFeatures;
            _queues = queues;
        }

        /// <summary>The DeviceID read at initialisation.</summary>
        public uint DeviceId { get; }

        /// <summary>The features written before FEATURES_OK and accepted by the device.</summary>
        public ulong NegotiatedFeatures { get; }

        /// <summary>Number of virtqueues set up.</summary>
        public int QueueCount => _queues.Length;

        /// <summary>The driver end of virtqueue <paramref name="queueIndex"/>.</summary>
        public IDriverQueue GetQueue(int queueIndex) => _queues[queueIndex];

        /// <summary>Reads the Device Status field.</summary>
        public DeviceStatus ReadStatus() => (DeviceStatus)ReadRegister(MmioRegister.Status);

        /// <summary>Sends an available-buffer notification for <paramref name="queueIndex"/> (QueueNotify).</summary>
        public void Notify(int queueIndex) => WriteRegister(MmioRegister.QueueNotify, (uint)queueIndex);

        /// <summary>Notifies <paramref name="queueIndex"/> when its ring says the device wants it; returns whether it did.</summary>
        public bool NotifyIfNeeded(int queueIndex)
        {
            if (!_queues[queueIndex].NeedsNotification())
            {
                return false;
            }

            Notify(queueIndex);
            return true;
        }

        /// <summary>Reads InterruptStatus and acknowledges exactly those bits, as an interrupt handler does (FF-MMIO-8).</summary>
        public MmioInterrupt AcknowledgeInterrupts()
        {
            var pending = (MmioInterrupt)ReadRegister(MmioRegister.InterruptStatus);
            if (pending != MmioInterrupt.None)
            {
                WriteRegister(MmioRegister.InterruptAck, (uint)pending);
            }

            return pending;
        }

        /// <summary>Resets the device (Status 0) and reports whether Status then reads 0; the queues are then invalid.</summary>
        public bool Reset() => ResetDevice(_registers);

        /// <summary>Sets FAILED: the driver has given up on the device (virtio 1.4 "Device Status Field").</summary>
        public void Fail() => SetFailed(_registers);

        private uint ReadRegister(ulong offset) => _registers.Read(offset, MmioRegister.ControlRegisterWidth);

        private void WriteRegister(ulong offset, uint value) => _registers.Write(offset, MmioRegister.ControlRegisterWidth, value);

        private static bool ResetDevice(IMmioRegisterFile registers)
        {
            registers.Write(MmioRegister.Status, MmioRegister.ControlRegisterWidth, 0);

            // virtio 1.4 "Device Reset": the driver treats the reset as done when Status reads 0.
            return registers.Read(MmioRegister.Status, MmioRegister.ControlRegisterWidth) == 0;
        }

        private static void SetFailed(IMmioRegisterFile registers) => AddStatus(registers, DeviceStatus.Failed);

        /// <summary>Sets bits without clearing any: read, OR, write back (FF-INIT-2: only reset clears).</summary>
        private static DeviceStatus AddStatus(IMmioRegisterFile registers, DeviceStatus bits)
        {
            var current = (DeviceStatus)registers.Read(MmioRegister.Status, MmioRegister.ControlRegisterWidth);
            registers.Write(MmioRegister.Status, MmioRegister.ControlRegisterWidth, (uint)(current | bits));
            return (DeviceStatus)registers.Read(MmioRegister.Status, MmioRegister.ControlRegisterWidth);
        }
    }
}
