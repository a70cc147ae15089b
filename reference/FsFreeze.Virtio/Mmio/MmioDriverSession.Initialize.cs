using System;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Virtio.Mmio
{
    /// <summary>The initialisation sequence (FF-INIT-2; virtio 1.4 "Device Initialization" and MMIO "Virtqueue Configuration").</summary>
    public sealed partial class MmioDriverSession
    {
        /// <summary>
        /// Checks the device, resets it, sets ACKNOWLEDGE and DRIVER, negotiates features, confirms FEATURES_OK, lays
        /// out and enables the virtqueues (areas from <paramref name="allocator"/>, format by the negotiated
        /// features) and sets DRIVER_OK. On failure after the reset it sets FAILED, as the driver SHOULD.
        /// </summary>
        public static MmioDriverError TryInitialize(IMmioRegisterFile registers, GuestMemory memory, GuestAddressAllocator allocator, MmioDriverOptions options, out MmioDriverSession? session)
        {
            ArgumentNullException.ThrowIfNull(registers);
            ArgumentNullException.ThrowIfNull(memory);
            ArgumentNullException.ThrowIfNull(allocator);
            ArgumentNullException.ThrowIfNull(options);

            session = null;
            uint Read(ulong offset) => registers.Read(offset, MmioRegister.ControlRegisterWidth);

            // virtio 1.4 MMIO "Device Initialization": check MagicValue and Version, ignore DeviceID 0.
            if (Read(MmioRegister.MagicValue) != MmioRegister.Magic)
            {
                return MmioDriverError.BadMagic;
            }

            if (Read(MmioRegister.Version) != MmioRegister.VersionNumber)
            {
                return MmioDriverError.UnsupportedVersion;
            }

            uint deviceId = Read(MmioRegister.DeviceId);
            if (deviceId == 0)
            {
                return MmioDriverError.NoDevice;
            }

            if (!ResetDevice(registers))
            {
                return MmioDriverError.ResetFailed;
            }

            AddStatus(registers, DeviceStatus.Acknowledge);
            AddStatus(registers, DeviceStatus.Driver);

            MmioDriverError error = Negotiate(registers, options.SupportedFeatures, out ulong features);
            if (error == MmioDriverError.None)
            {
                error = SetUpQueues(registers, memory, allocator, options, features, out IDriverQueue[] queues);
                if (error == MmioDriverError.None)
                {
                    DeviceStatus status = AddStatus(registers, DeviceStatus.DriverOk);
                    if ((status & DeviceStatus.DriverOk) != 0 && (status & DeviceStatus.DeviceNeedsReset) == 0)
                    {
                        session = new MmioDriverSession(registers, deviceId, features, queues);
                        return MmioDriverError.None;
                    }

                    error = MmioDriverError.DeviceNeedsReset;
                }
            }

            SetFailed(registers);
            return error;
        }

        private static MmioDriverError Negotiate(IMmioRegisterFile registers, ulong supported, out ulong accepted)
        {
            ulong offered = ReadDeviceFeatures(registers);
            ulong version1 = VirtioFeatureBit.Mask(VirtioFeatureBit.Version1);
            accepted = offered & (supported | version1);
            if ((offered & version1) == 0)
            {
                return MmioDriverError.Version1NotOffered;
            }

            const int Width = MmioRegister.ControlRegisterWidth;
            registers.Write(MmioRegister.DriverFeaturesSel, Width, 0);
            registers.Write(MmioRegister.DriverFeatures, Width, (uint)accepted);
            registers.Write(MmioRegister.DriverFeaturesSel, Width, 1);
            registers.Write(MmioRegister.DriverFeatures, Width, (uint)(accepted >> 32));

            // The device may refuse by leaving FEATURES_OK clear; only reading it back tells (FF-INIT-4).
            DeviceStatus status = AddStatus(registers, DeviceStatus.FeaturesOk);
            return (status & DeviceStatus.FeaturesOk) != 0 ? MmioDriverError.None : MmioDriverError.FeaturesRefused;
        }

        /// <summary>Reads all 64 offered feature bits through the DeviceFeaturesSel window (FF-MMIO-4).</summary>
        private static ulong ReadDeviceFeatures(IMmioRegisterFile registers)
        {
            const int Width = MmioRegister.ControlRegisterWidth;
            registers.Write(MmioRegister.DeviceFeaturesSel, Width, 0);
            ulong low = registers.Read(MmioRegister.DeviceFeatures, Width);
            registers.Write(MmioRegister.DeviceFeaturesSel, Width, 1);
            ulong high = registers.Read(MmioRegister.DeviceFeatures, Width);
            return (high << 32) | low;
        }

        private static MmioDriverError SetUpQueues(IMmioRegisterFile registers, GuestMemory memory, GuestAddressAllocator allocator, MmioDriverOptions options, ulong features, out IDriverQueue[] queues)
        {
            queues = new IDriverQueue[Math.Max(0, options.QueueCount)];
            for (int i = 0; i < queues.Length; i++)
            {
                MmioDriverError error = SetUpQueue(registers, memory, allocator, options, features, i, out IDriverQueue? queue);
                if (error != MmioDriverError.None)
                {
                    return error;
                }

                queues[i] = queue!;
            }

            return MmioDriverError.None;
        }

        private static MmioDriverError SetUpQueue(IMmioRegisterFile registers, GuestMemory memory, GuestAddressAllocator allocator, MmioDriverOptions options, ulong features, int index, out IDriverQueue? queue)
        {
            const int Width = MmioRegister.ControlRegisterWidth;
            queue = null;
            registers.Write(MmioRegister.QueueSel, Width, (uint)index);

            // virtio 1.4 MMIO "Virtqueue Configuration": the queue must not be in use, and must exist.
            uint sizeMax = registers.Read(MmioRegister.QueueSizeMax, Width);
            if (registers.Read(MmioRegister.QueueReady, Width) != 0 || sizeMax == 0)
            {
                return MmioDriverError.QueueNotAvailable;
            }

            ushort size = LargestPowerOfTwoAtMost(Math.Min(sizeMax, Math.Max((uint)1, options.MaxQueueSize)));
            bool packed = VirtioFeatureBit.IsSet(features, VirtioFeatureBit.RingPacked);
            VirtqueueAreas areas = VirtqueueAreas.For(packed, size);
            bool indirect = VirtioFeatureBit.IsSet(features, VirtioFeatureBit.IndirectDesc) && options.IndirectEntries > 0;
            int indirectEntries = indirect ? Math.Min(options.IndirectEntries, size) : 0;
            ulong indirectArea = 0;
            if (!allocator.TryAllocate(areas.DescriptorBytes, areas.DescriptorAlignment, out ulong descriptorArea)
                || !allocator.TryAllocate(areas.DriverBytes, areas.DriverAlignment, out ulong driverArea)
                || !allocator.TryAllocate(areas.DeviceBytes, areas.DeviceAlignment, out ulong deviceArea)
                || (indirect && !allocator.TryAllocate((ulong)size * (ulong)indirectEntries * 16, 16, out indirectArea)))
            {
                return MmioDriverError.OutOfGuestMemory;
            }

            var config = new QueueConfiguration(size, descriptorArea, driverArea, deviceArea, features);
            if (DriverQueueFactory.TryCreate(memory, config, indirectArea, indirectEntries, out queue) != QueueError.None)
            {
                return MmioDriverError.QueueSetupFailed;
            }

            registers.Write(MmioRegister.QueueSize, Width, size);
            registers.Write(MmioRegister.QueueDescLow, Width, (uint)descriptorArea);
            registers.Write(MmioRegister.QueueDescHigh, Width, (uint)(descriptorArea >> 32));
            registers.Write(MmioRegister.QueueDriverLow, Width, (uint)driverArea);
            registers.Write(MmioRegister.QueueDriverHigh, Width, (uint)(driverArea >> 32));
            registers.Write(MmioRegister.QueueDeviceLow, Width, (uint)deviceArea);
            registers.Write(MmioRegister.QueueDeviceHigh, Width, (uint)(deviceArea >> 32));
            registers.Write(MmioRegister.QueueReady, Width, 1);

            // A device that refused the layout leaves QueueReady 0 and sets DEVICE_NEEDS_RESET (FF-MMIO-6).
            return registers.Read(MmioRegister.QueueReady, Width) == 1 ? MmioDriverError.None : MmioDriverError.DeviceNeedsReset;
        }

        private static ushort LargestPowerOfTwoAtMost(uint value)
        {
            uint power = 1;
            while (power * 2 <= value && power * 2 <= 32768)
            {
                power *= 2;
            }

            return (ushort)power;
        }
    }
}
