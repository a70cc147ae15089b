using System;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Guest.Driver
{
    /// <content>
    /// Probe: the generic initialisation (FF-INIT-2) done here step by step rather than with
    /// <see cref="MmioDriverSession.TryInitialize"/>, because that helper sets DRIVER_OK itself and the spec wants
    /// two request buffers posted before DRIVER_OK (spec "Device initialization" step 2, FF-DRV-2).
    /// </content>
    public sealed partial class FsFreezeDriver
    {
        private const int Width = MmioRegister.ControlRegisterWidth;
        private const int ConfigReadAttempts = 16;

        /// <summary>Ring memory per queue index, kept across resets (see <see cref="TryGetRingAreas"/>).</summary>
        private (ushort Size, ulong Descriptors, ulong Driver, ulong Device)?[] ringAreas = [];

        /// <summary>
        /// Binds to the device: checks MagicValue, Version and DeviceID 65535 whatever VendorID says (FF-DRV-1),
        /// resets it, negotiates VERSION_1 plus the supported subset of the four defined bits and never a reserved
        /// one (FF-DRV-4), reads the configuration under the ConfigGeneration loop (FF-DRV-6), sets up requestq
        /// and replyq, posts the request buffers and only then sets DRIVER_OK (FF-DRV-2). Any failure after the
        /// reset sets FAILED and leaves the driver unable to freeze anything (FF-DRV-7).
        /// </summary>
        public ProbeOutcome Probe()
        {
            ProbeOutcome outcome = ProbeOnce();
            Phase = outcome == ProbeOutcome.Bound ? DriverPhase.Ready : DriverPhase.Failed;
            Log($"probe: {outcome} features 0x{NegotiatedFeatures:x}");
            return outcome;
        }

        private ProbeOutcome ProbeOnce()
        {
            DropQueues();
            if (Read(MmioRegister.MagicValue) != MmioRegister.Magic || Read(MmioRegister.Version) != MmioRegister.VersionNumber)
            {
                return ProbeOutcome.NotVirtioMmio;
            }

            // FF-DRV-1: the device type is the DeviceID alone; VendorID is implementation-defined and never read.
            if (Read(MmioRegister.DeviceId) != FsFreezeDevice.DeviceId)
            {
                return ProbeOutcome.WrongDeviceId;
            }

            Write(MmioRegister.Status, 0);
            if (Read(MmioRegister.Status) != 0)
            {
                return ProbeOutcome.ResetFailed;
            }

            AddStatus(DeviceStatus.Acknowledge);
            AddStatus(DeviceStatus.Driver);
            ProbeOutcome outcome = NegotiateFeatures();
            if (outcome == ProbeOutcome.Bound)
            {
                outcome = ReadConfiguration();
            }

            if (outcome == ProbeOutcome.Bound)
            {
                outcome = SetUpQueues();
            }

            if (outcome == ProbeOutcome.Bound)
            {
                PostRequestBuffers();
                DeviceStatus status = AddStatus(DeviceStatus.DriverOk);
                if ((status & DeviceStatus.DeviceNeedsReset) == 0 && (status & DeviceStatus.DriverOk) != 0)
                {
                    NotifyRequestQueue();
                    return ProbeOutcome.Bound;
                }

                outcome = ProbeOutcome.DeviceNeedsReset;
            }

            // FF-DRV-7: give up visibly, with nothing frozen and no buffer left for the device to fill.
            DropQueues();
            AddStatus(DeviceStatus.Failed);
            return outcome;
        }

        private ProbeOutcome NegotiateFeatures()
        {
            Write(MmioRegister.DeviceFeaturesSel, 0);
            ulong low = Read(MmioRegister.DeviceFeatures);
            Write(MmioRegister.DeviceFeaturesSel, 1);
            ulong offered = low | ((ulong)Read(MmioRegister.DeviceFeatures) << 32);
            ulong version1 = VirtioFeatureBit.Mask(VirtioFeatureBit.Version1);
            if ((offered & version1) == 0)
            {
                AddStatus(DeviceStatus.Failed);
                return ProbeOutcome.FeaturesRefused;
            }

            // FF-DRV-4: VERSION_1 and the four defined bits at most; reserved bits 4-23 are masked off even if offered.
            // The ring features (EVENT_IDX, RING_PACKED) are taken only when the options ask for them.
            ulong accepted = version1 | (offered & options.SupportedFeatures & (FsFreezeFeature.KnownMask | VirtioFeatureBit.RingFeatures));
            Write(MmioRegister.DriverFeaturesSel, 0);
            Write(MmioRegister.DriverFeatures, (uint)accepted);
            Write(MmioRegister.DriverFeaturesSel, 1);
            Write(MmioRegister.DriverFeatures, (uint)(accepted >> 32));
            if ((AddStatus(DeviceStatus.FeaturesOk) & DeviceStatus.FeaturesOk) == 0)
            {
                AddStatus(DeviceStatus.Failed);
                return ProbeOutcome.FeaturesRefused;
            }

            NegotiatedFeatures = accepted;
            return ProbeOutcome.Bound;
        }

        /// <summary>FF-DRV-6: generation, the three fields, generation again, until they agree; then FF-DEV-5's bounds.</summary>
        private ProbeOutcome ReadConfiguration()
        {
            Span<byte> bytes = stackalloc byte[FsFreezeConfig.Size];
            for (int attempt = 0; attempt < ConfigReadAttempts; attempt++)
            {
                uint before = Read(MmioRegister.ConfigGeneration);
                for (int offset = 0; offset < FsFreezeConfig.Size; offset += 4)
                {
                    uint value = registers.Read(MmioRegister.Config + (ulong)offset, 4);
                    bytes[offset] = (byte)value;
                    bytes[offset + 1] = (byte)(value >> 8);
                    bytes[offset + 2] = (byte)(value >> 16);
                    bytes[offset + 3] = (byte)(value >> 24);
                }

                if (Read(MmioRegister.ConfigGeneration) != before)
                {
                    continue;
                }

                if (!FsFreezeConfig.TryDecode(bytes, out FsFreezeConfig config) || config.Validate() != ConfigProblem.None)
                {
                    return ProbeOutcome.BadConfiguration;
                }

                Configuration = config;
                return ProbeOutcome.Bound;
            }

            return ProbeOutcome.BadConfiguration;
        }

        private ProbeOutcome SetUpQueues()
        {
            if (!TrySetUpQueue(FsFreezeDevice.RequestQueueIndex, out IDriverQueue? request)
                || request!.Size < Math.Max(2, Math.Min(options.RequestBuffers, request.Size))
                || !TrySetUpQueue(FsFreezeDevice.ReplyQueueIndex, out IDriverQueue? reply))
            {
                return ProbeOutcome.QueueSetupFailed;
            }

            requestq = request;
            replyq = reply;
            return AllocateBuffers() ? ProbeOutcome.Bound : ProbeOutcome.QueueSetupFailed;
        }

        private bool TrySetUpQueue(int index, out IDriverQueue? queue)
        {
            queue = null;
            Write(MmioRegister.QueueSel, (uint)index);
            uint sizeMax = Read(MmioRegister.QueueSizeMax);
            if (sizeMax == 0 || Read(MmioRegister.QueueReady) != 0)
            {
                return false;
            }

            ushort size = 1;
            while (size * 2 <= Math.Min(sizeMax, Math.Max((uint)1, options.MaxQueueSize)) && size < 32768)
            {
                size *= 2;
            }

            // FF-DRV-2 needs two request buffers in flight at once; a one-entry requestq cannot hold them.
            if (index == FsFreezeDevice.RequestQueueIndex && size < 2)
            {
                return false;
            }

            if (!TryGetRingAreas(index, size, out ulong desc, out ulong driverArea, out ulong deviceArea))
            {
                return false;
            }

            var config = new QueueConfiguration(size, desc, driverArea, deviceArea, NegotiatedFeatures);
            if (DriverQueueFactory.TryCreate(memory, config, 0, 0, out queue) != QueueError.None || queue is null)
            {
                return false;
            }

            Write(MmioRegister.QueueSize, size);
            Write(MmioRegister.QueueDescLow, (uint)desc);
            Write(MmioRegister.QueueDescHigh, (uint)(desc >> 32));
            Write(MmioRegister.QueueDriverLow, (uint)driverArea);
            Write(MmioRegister.QueueDriverHigh, (uint)(driverArea >> 32));
            Write(MmioRegister.QueueDeviceLow, (uint)deviceArea);
            Write(MmioRegister.QueueDeviceHigh, (uint)(deviceArea >> 32));
            Write(MmioRegister.QueueReady, 1);
            return Read(MmioRegister.QueueReady) == 1;
        }

        /// <summary>
        /// The guest memory of queue <paramref name="index"/>'s rings. Allocated at the first probe and kept across
        /// resets and removal (as Linux frees and re-allocates the vring on del_vqs/find_vqs, nothing accumulates): a
        /// device that sets DEVICE_NEEDS_RESET over and over must not exhaust guest memory (FF-DRV-33). The driver end
        /// zeroes the rings when it is created again.
        /// </summary>
        private bool TryGetRingAreas(int index, ushort size, out ulong desc, out ulong driverArea, out ulong deviceArea)
        {
            if (index < ringAreas.Length && ringAreas[index] is { } kept && kept.Size >= size)
            {
                (_, desc, driverArea, deviceArea) = kept;
                return true;
            }

            // Sized and aligned for either ring format, so memory kept from a split-ring probe serves a packed-ring
            // one and the other way round (the negotiated features may differ between probes).
            VirtqueueAreas split = VirtqueueAreas.For(packed: false, size);
            VirtqueueAreas packed = VirtqueueAreas.For(packed: true, size);
            deviceArea = 0;
            driverArea = 0;
            if (!allocator.TryAllocate(Math.Max(split.DescriptorBytes, packed.DescriptorBytes), Math.Max(split.DescriptorAlignment, packed.DescriptorAlignment), out desc)
                || !allocator.TryAllocate(Math.Max(split.DriverBytes, packed.DriverBytes), Math.Max(split.DriverAlignment, packed.DriverAlignment), out driverArea)
                || !allocator.TryAllocate(Math.Max(split.DeviceBytes, packed.DeviceBytes), Math.Max(split.DeviceAlignment, packed.DeviceAlignment), out deviceArea))
            {
                return false;
            }

            if (index >= ringAreas.Length)
            {
                Array.Resize(ref ringAreas, index + 1);
            }

            ringAreas[index] = (size, desc, driverArea, deviceArea);
            return true;
        }

        private uint Read(ulong offset) => registers.Read(offset, Width);

        private void Write(ulong offset, uint value) => registers.Write(offset, Width, value);

        /// <summary>Sets status bits by read-OR-write; only a reset (writing 0) ever clears one (FF-INIT-2).</summary>
        private DeviceStatus AddStatus(DeviceStatus bits)
        {
            var current = (DeviceStatus)Read(MmioRegister.Status);
            Write(MmioRegister.Status, (uint)(current | bits));
            return (DeviceStatus)Read(MmioRegister.Status);
        }
    }
}
