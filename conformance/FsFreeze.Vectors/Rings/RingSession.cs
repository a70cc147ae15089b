using System;
using System.Collections.Generic;
using FsFreeze.Vectors.Json;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Vectors.Rings
{
    /// <summary>
    /// One live queue being driven through a scenario: its guest memory, both ends, and the chains the device has
    /// popped (device_push names a chain by id, and PushUsed needs the whole token).
    /// </summary>
    internal sealed class RingSession
    {
        private RingSession(RingConfig config, GuestMemory memory, IDriverQueue driver, IDeviceQueue device)
        {
            Config = config;
            Memory = memory;
            Driver = driver;
            Device = device;
        }

        /// <summary>The scenario's configuration.</summary>
        internal RingConfig Config { get; }

        /// <summary>The guest memory both ends share.</summary>
        internal GuestMemory Memory { get; }

        /// <summary>The driver end.</summary>
        internal IDriverQueue Driver { get; }

        /// <summary>The device end.</summary>
        internal IDeviceQueue Device { get; }

        /// <summary>Chains popped and not yet pushed, by id.</summary>
        internal Dictionary<ushort, ChainToken> Popped { get; } = new();

        /// <summary>Allocates the guest memory and creates both ends with <paramref name="factory"/>.</summary>
        /// <exception cref="InvalidOperationException">The factory refused the configuration.</exception>
        internal static RingSession Start(RingConfig config, RingEndsFactory factory)
        {
            ArgumentNullException.ThrowIfNull(config);
            ArgumentNullException.ThrowIfNull(factory);

            GuestMemory memory = GuestMemory.Allocate(config.MemoryBase, config.MemorySize);
            QueueError error = factory(memory, config.QueueConfiguration, config.StartIndex, config.IndirectArea, config.IndirectEntries, out IDriverQueue? driver, out IDeviceQueue? device);
            if (error != QueueError.None || driver is null || device is null)
            {
                throw new InvalidOperationException($"queue setup failed: {QueueErrorNames.ToWire(error)}");
            }

            return new RingSession(config, memory, driver, device);
        }

        /// <summary>The bytes of the three ring areas (and the indirect tables, when negotiated) as lowercase hex.</summary>
        internal RingAreas Snapshot() => new(
            Read(Config.DescriptorArea, Config.DescriptorAreaSize),
            Read(Config.DriverArea, Config.DriverAreaSize),
            Read(Config.DeviceArea, Config.DeviceAreaSize),
            Config.HasIndirect ? Read(Config.IndirectArea, Config.IndirectAreaSize) : null);

        private string Read(ulong address, int length)
        {
            if (!Memory.TryGetSpan(address, length, out Span<byte> span))
            {
                throw new InvalidOperationException($"area 0x{address:x}+{length} is outside guest memory");
            }

            return Hex.Encode(span);
        }
    }
}
