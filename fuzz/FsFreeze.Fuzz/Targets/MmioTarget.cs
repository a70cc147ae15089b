using System;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Devices.Samples;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Fuzz.Targets
{
    /// <summary>
    /// Target 4: the virtio-mmio register file with the sample <see cref="EchoDevice"/> behind it. The input is a
    /// driver: a sequence of register loads and stores (any offset and width), queue notifications, and writes to
    /// the guest memory its rings live in. After every access the transport's state must stay coherent.
    /// <para>Input: operations; the first byte of each picks one of <see cref="OpCount"/>.</para>
    /// </summary>
    public static class MmioTarget
    {
        /// <summary>Operation: load (u16 offset, width byte).</summary>
        public const byte OpRead = 0;

        /// <summary>Operation: store (u16 offset, width byte, u32 value).</summary>
        public const byte OpWrite = 1;

        /// <summary>Operation: aligned 32-bit store to control register number (byte) x 4, u32 value.</summary>
        public const byte OpControl = 2;

        /// <summary>Operation: notify queue (byte).</summary>
        public const byte OpNotify = 3;

        /// <summary>Operation: write guest memory (u16 offset, length byte, bytes).</summary>
        public const byte OpMemory = 4;

        /// <summary>Operation: the host changes its configuration value (u32).</summary>
        public const byte OpHostConfig = 5;

        /// <summary>Operation: write Status (byte).</summary>
        public const byte OpStatus = 6;

        /// <summary>Operation: acknowledge interrupts (byte).</summary>
        public const byte OpAck = 7;

        /// <summary>Number of operations; the op byte is taken modulo this.</summary>
        public const byte OpCount = 8;

        /// <summary>Queues the echo device offers.</summary>
        public const int QueueCount = 2;

        /// <summary>Device ID the echo device reports (any value is fine for the transport).</summary>
        public const uint DeviceId = 42;

        private const int MaxOperations = 1024;

        private static readonly int[] Widths = { 1, 2, 4, 8, 3, 0 };

        private static readonly ulong Offered =
            VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc)
            | VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx)
            | VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked)
            | 0x5;

        /// <summary>Runs one input; throws when the transport breaks one of its promises.</summary>
        public static void Run(byte[] data)
        {
            var input = new FuzzInput(data);
            GuestMemory memory = GuestLayout.Create(ReadOnlySpan<byte>.Empty);
            var device = new EchoDevice(DeviceId, Offered, QueueCount, GuestLayout.MaxQueueSize);
            var transport = new VirtioMmioTransport(device, memory);
            uint generation = transport.ConfigGeneration;
            for (int i = 0; i < MaxOperations && !input.IsEmpty; i++)
            {
                Step(transport, device, memory, input);
                Check(transport, ref generation);
            }
        }

        private static void Step(VirtioMmioTransport transport, EchoDevice device, GuestMemory memory, FuzzInput input)
        {
            switch (input.ReadByte() % OpCount)
            {
                case OpRead:
                    transport.Read(input.ReadUInt16() % 0x200u, Widths[input.ReadByte() % Widths.Length]);
                    break;
                case OpWrite:
                    transport.Write(input.ReadUInt16() % 0x200u, Widths[input.ReadByte() % Widths.Length], input.ReadUInt32());
                    break;
                case OpControl:
                    transport.Write((input.ReadByte() % 0x40u) * 4, 4, input.ReadUInt32());
                    break;
                case OpNotify:
                    transport.Write(MmioRegister.QueueNotify, 4, input.ReadByte() % (QueueCount + 1u));
                    break;
                case OpMemory:
                    ushort offset = (ushort)(input.ReadUInt16() % GuestLayout.TotalSize);
                    Span<byte> bytes = stackalloc byte[input.ReadByte() % 33];
                    input.ReadInto(bytes);
                    memory.TryWrite(GuestLayout.Base + offset, bytes);
                    break;
                case OpHostConfig:
                    device.SetHostValue(input.ReadUInt32());
                    break;
                case OpStatus:
                    transport.Write(MmioRegister.Status, 4, input.ReadByte());
                    break;
                default:
                    transport.Write(MmioRegister.InterruptAck, 4, input.ReadByte());
                    break;
            }
        }

        private static void Check(VirtioMmioTransport transport, ref uint generation)
        {
            DeviceStatus status = transport.Status;
            const DeviceStatus Known = DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk
                | DeviceStatus.DriverOk | DeviceStatus.Failed | DeviceStatus.DeviceNeedsReset;
            FuzzInvariantException.Check((status & ~Known) == 0, $"status {status} has a bit no one may set");
            FuzzInvariantException.Check(transport.Read(MmioRegister.Status, 4) == (uint)status, "the Status register reads other than the status");
            FuzzInvariantException.Check((status & DeviceStatus.DriverOk) == 0 || (status & DeviceStatus.FeaturesOk) != 0, "DRIVER_OK without FEATURES_OK");
            FuzzInvariantException.Check(((status & DeviceStatus.DeviceNeedsReset) != 0) == transport.Fault.HasValue, "DEVICE_NEEDS_RESET and Fault disagree");

            ulong negotiated = transport.NegotiatedFeatures;
            if ((status & DeviceStatus.FeaturesOk) != 0)
            {
                FuzzInvariantException.Check((negotiated & ~transport.Device.DeviceFeatures) == 0, "negotiated a feature the device did not offer");
                FuzzInvariantException.Check(VirtioFeatureBit.IsSet(negotiated, VirtioFeatureBit.Version1), "negotiated without VERSION_1");
            }
            else
            {
                FuzzInvariantException.Check(negotiated == 0, "features negotiated before FEATURES_OK");
            }

            const MmioInterrupt KnownInterrupts = MmioInterrupt.UsedBuffer | MmioInterrupt.ConfigurationChange;
            FuzzInvariantException.Check((transport.InterruptStatus & ~KnownInterrupts) == 0, $"interrupt status {transport.InterruptStatus} has unknown bits");
            FuzzInvariantException.Check(transport.Read(MmioRegister.MagicValue, 4) == MmioRegister.Magic, "the magic value changed");
            FuzzInvariantException.Check(transport.Read(MmioRegister.Version, 4) == MmioRegister.VersionNumber, "the version changed");

            // ConfigGeneration only has to differ across a change; this transport promises it never goes back.
            uint now = transport.ConfigGeneration;
            FuzzInvariantException.Check(unchecked(now - generation) < 0x8000_0000u, "ConfigGeneration went back");
            generation = now;
        }
    }
}
