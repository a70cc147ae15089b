using System;
using System.Collections.Generic;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Virtio.Devices
{
    /// <summary>
    /// A virtio device type, independent of the transport: what it declares (device ID, features, queues,
    /// configuration space) and the hooks a transport calls. The transport owns status, feature negotiation, queue
    /// setup and interrupts; a device works only through <see cref="Context"/>.
    /// </summary>
    public abstract class VirtioDevice
    {
        /// <summary>Largest configuration space a device may declare: what fits a 4 KiB virtio-mmio window after 0x100.</summary>
        public const int MaxConfigSize = 0x1000 - 0x100;

        /// <summary>Device-specific feature bits this core lets a device type declare: 0 to 23 (FF-INIT-11).</summary>
        public const ulong DeviceSpecificFeatureMask = (1UL << (VirtioFeatureBit.DeviceSpecificLast + 1)) - 1;

        /// <summary>Transport and ring feature bits this core implements and a device may offer besides its own.</summary>
        public static readonly ulong SupportedTransportFeatures =
            VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc)
            | VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx)
            | VirtioFeatureBit.Mask(VirtioFeatureBit.Version1)
            | VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked);

        private readonly ushort[] _queueSizeMax;
        private IVirtioDeviceContext? _context;

        /// <summary>Declares a device type.</summary>
        /// <param name="deviceId">The virtio device ID (virtio 1.4 "Device Types").</param>
        /// <param name="vendorId">The VendorID register value.</param>
        /// <param name="deviceFeatures">
        /// Offered features: device-specific bits 0-23 plus any of <see cref="SupportedTransportFeatures"/>.
        /// VIRTIO_F_VERSION_1 is added here, since a non-legacy device MUST offer it (FF-INIT-4).
        /// </param>
        /// <param name="queueSizeMax">QueueSizeMax of each virtqueue, in queue-index order: 1 to 32768 each.</param>
        /// <param name="configSize">Bytes of the device-specific configuration space.</param>
        /// <exception cref="ArgumentOutOfRangeException">A feature bit outside the allowed ranges (FF-INIT-11), a queue size or a config size out of range.</exception>
        protected VirtioDevice(uint deviceId, uint vendorId, ulong deviceFeatures, IReadOnlyList<ushort> queueSizeMax, int configSize)
        {
            ArgumentNullException.ThrowIfNull(queueSizeMax);

            // FF-INIT-11: bits 24 and up belong to the transport and ring, 41/42/50+ are contested; keep to 0-23.
            ulong foreign = deviceFeatures & ~DeviceSpecificFeatureMask & ~SupportedTransportFeatures;
            if (foreign != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(deviceFeatures), $"Feature bits 0x{foreign:x} are neither device-specific (0-23) nor implemented by this core.");
            }

            _queueSizeMax = new ushort[queueSizeMax.Count];
            for (int i = 0; i < _queueSizeMax.Length; i++)
            {
                // 0 would read as "queue does not exist" (FF-MMIO-5); above 32768 no split ring fits a u16 index.
                if (queueSizeMax[i] == 0 || queueSizeMax[i] > SplitRingLayout.MaxQueueSize)
                {
                    throw new ArgumentOutOfRangeException(nameof(queueSizeMax), $"Queue {i} has QueueSizeMax {queueSizeMax[i]}.");
                }

                _queueSizeMax[i] = queueSizeMax[i];
            }

            if (configSize < 0 || configSize > MaxConfigSize)
            {
                throw new ArgumentOutOfRangeException(nameof(configSize));
            }

            DeviceId = deviceId;
            VendorId = vendorId;
            DeviceFeatures = deviceFeatures | VirtioFeatureBit.Mask(VirtioFeatureBit.Version1);
            ConfigSize = configSize;
        }

        /// <summary>The virtio device ID.</summary>
        public uint DeviceId { get; }

        /// <summary>The vendor ID.</summary>
        public uint VendorId { get; }

        /// <summary>The offered features, VIRTIO_F_VERSION_1 included.</summary>
        public ulong DeviceFeatures { get; }

        /// <summary>Number of virtqueues.</summary>
        public int QueueCount => _queueSizeMax.Length;

        /// <summary>Bytes of the device-specific configuration space.</summary>
        public int ConfigSize { get; }

        /// <summary>True once a transport has attached the device.</summary>
        public bool IsAttached => _context is not null;

        /// <summary>The transport's services; available once a transport has attached the device.</summary>
        /// <exception cref="InvalidOperationException">No transport attached yet (a bug in the caller).</exception>
        protected IVirtioDeviceContext Context => _context ?? throw new InvalidOperationException("The device is not attached to a transport.");

        /// <summary>QueueSizeMax of virtqueue <paramref name="queueIndex"/>, or 0 when it does not exist (FF-MMIO-5).</summary>
        public ushort GetQueueSizeMax(int queueIndex) =>
            queueIndex >= 0 && queueIndex < _queueSizeMax.Length ? _queueSizeMax[queueIndex] : (ushort)0;

        /// <summary>Binds the device to the transport that drives it; a device has exactly one.</summary>
        internal void Attach(IVirtioDeviceContext context)
        {
            if (_context is not null)
            {
                throw new InvalidOperationException("The device is already attached to a transport.");
            }

            _context = context;
        }

        /// <summary>
        /// Reads configuration bytes. The transport has checked that [<paramref name="offset"/>, offset + length)
        /// lies inside <see cref="ConfigSize"/> (FF-MMIO-11). Values are little-endian. Called at any time, before
        /// FEATURES_OK included (FF-INIT-9).
        /// </summary>
        protected internal abstract void ReadConfig(int offset, Span<byte> destination);

        /// <summary>
        /// Writes configuration bytes, range checked as for <see cref="ReadConfig"/>. The default ignores the write:
        /// configuration is read-only unless a device type says otherwise.
        /// </summary>
        protected internal virtual void WriteConfig(int offset, ReadOnlySpan<byte> source)
        {
        }

        /// <summary>
        /// Decides whether the device supports the driver's feature set. The transport has already checked that it
        /// is a subset of <see cref="DeviceFeatures"/> and includes VIRTIO_F_VERSION_1; returning false leaves
        /// FEATURES_OK clear (FF-INIT-4). The default accepts every such subset.
        /// </summary>
        protected internal virtual bool AcceptFeatures(ulong driverFeatures) => true;

        /// <summary>The driver set DRIVER_OK: the device may now consume buffers already made available (FF-INIT-6).</summary>
        protected internal virtual void OnDriverOk()
        {
        }

        /// <summary>
        /// The driver notified virtqueue <paramref name="queueIndex"/>. The transport calls this only for a ready
        /// queue while <see cref="IVirtioDeviceContext.CanProcessQueues"/> holds (FF-MMIO-9, FF-INIT-6).
        /// </summary>
        protected internal virtual void OnQueueNotify(int queueIndex)
        {
        }

        /// <summary>The driver reset the device (wrote 0 to Status): drop in-flight work and device state (FF-INIT-8).</summary>
        protected internal virtual void OnReset()
        {
        }
    }
}
