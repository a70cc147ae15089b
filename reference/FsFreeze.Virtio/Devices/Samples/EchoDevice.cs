using System;
using System.Buffers.Binary;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Virtio.Devices.Samples
{
    /// <summary>
    /// A minimal device type for exercising the core end to end: every chain's device-readable bytes are copied into
    /// its device-writable buffers (as many as fit) and the chain is used with that length. Configuration space:
    /// <code>
    /// +0 le64 host_value    (read-only; the host changes it with <see cref="SetHostValue"/>: a config change)
    /// +8 le32 driver_value  (the driver may write it)
    /// </code>
    /// Not a virtio device type: its ID is whatever the host picks.
    /// </summary>
    public sealed class EchoDevice : VirtioDevice
    {
        /// <summary>Bytes of the configuration space.</summary>
        public const int ConfigBytes = 12;

        /// <summary>Offset of host_value.</summary>
        public const int HostValueOffset = 0;

        /// <summary>Offset of driver_value.</summary>
        public const int DriverValueOffset = 8;

        private readonly byte[] _config = new byte[ConfigBytes];

        /// <summary>Declares an echo device with <paramref name="queueCount"/> queues of at most <paramref name="queueSizeMax"/> entries.</summary>
        public EchoDevice(uint deviceId, ulong deviceFeatures = 0, int queueCount = 1, ushort queueSizeMax = 256)
            : base(deviceId, 0, deviceFeatures, Repeat(queueSizeMax, queueCount), ConfigBytes)
        {
        }

        /// <summary>Chains echoed since creation.</summary>
        public int EchoedChains { get; private set; }

        /// <summary>Times the transport delivered a queue notification.</summary>
        public int Notifications { get; private set; }

        /// <summary>Times the transport reset the device.</summary>
        public int Resets { get; private set; }

        /// <summary>The current driver_value.</summary>
        public uint DriverValue => BinaryPrimitives.ReadUInt32LittleEndian(_config.AsSpan(DriverValueOffset));

        /// <summary>Changes host_value and tells the driver (ConfigGeneration and, after DRIVER_OK, an interrupt).</summary>
        public void SetHostValue(ulong value)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_config.AsSpan(HostValueOffset), value);
            Context.NotifyConfigChanged();
        }

        /// <summary>Processes every queue now, as a device thread polling would.</summary>
        public void ProcessAll()
        {
            for (int i = 0; i < QueueCount; i++)
            {
                Process(i);
            }
        }

        /// <inheritdoc />
        protected internal override void ReadConfig(int offset, Span<byte> destination) =>
            _config.AsSpan(offset, destination.Length).CopyTo(destination);

        /// <inheritdoc />
        protected internal override void WriteConfig(int offset, ReadOnlySpan<byte> source)
        {
            // Only driver_value is writable; host_value is the host's.
            if (offset >= DriverValueOffset)
            {
                source.CopyTo(_config.AsSpan(offset));
            }
        }

        /// <inheritdoc />
        protected internal override void OnDriverOk() => ProcessAll();

        /// <inheritdoc />
        protected internal override void OnQueueNotify(int queueIndex)
        {
            Notifications++;
            Process(queueIndex);
        }

        /// <inheritdoc />
        protected internal override void OnReset()
        {
            Resets++;
            BinaryPrimitives.WriteUInt32LittleEndian(_config.AsSpan(DriverValueOffset), 0);
        }

        private static ushort[] Repeat(ushort value, int count)
        {
            var sizes = new ushort[Math.Max(0, count)];
            sizes.AsSpan().Fill(value);
            return sizes;
        }

        private void Process(int queueIndex)
        {
            IDeviceQueue? queue = Context.GetQueue(queueIndex);
            if (queue is null)
            {
                return;
            }

            var storage = new ChainBuffer[queue.Size];

            // Drain with notifications off, then re-enable and look once more (virtio 1.4 "Notification Suppression").
            do
            {
                queue.DisableNotifications();
                while (queue.TryPop(storage, out DescriptorChain chain, out QueueError error))
                {
                    uint written = Echo(Context.Memory, chain);
                    error = queue.PushUsed(new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength), written);
                    if (error != QueueError.None)
                    {
                        Context.ReportQueueError(queueIndex, error);
                        return;
                    }

                    EchoedChains++;
                }

                if (queue.Error != QueueError.None)
                {
                    // FF-INIT-7: a malformed ring breaks the device until reset.
                    Context.ReportQueueError(queueIndex, queue.Error);
                    return;
                }
            }
            while (queue.EnableNotifications());

            Context.SignalUsedBuffers(queueIndex);
        }

        private static uint Echo(GuestMemory memory, DescriptorChain chain)
        {
            byte[] data = new byte[Math.Min(chain.ReadableLength, chain.WritableLength)];
            int filled = 0;
            foreach (ChainBuffer buffer in chain.Readable)
            {
                int take = (int)Math.Min(buffer.Length, (uint)(data.Length - filled));
                memory.TryRead(buffer.Address, data.AsSpan(filled, take));
                filled += take;
            }

            int written = 0;
            foreach (ChainBuffer buffer in chain.Writable)
            {
                int put = (int)Math.Min(buffer.Length, (uint)(data.Length - written));
                memory.TryWrite(buffer.Address, data.AsSpan(written, put));
                written += put;
            }

            return (uint)written;
        }
    }
}
