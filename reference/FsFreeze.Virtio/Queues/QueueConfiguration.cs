using FsFreeze.Virtio.Common;

namespace FsFreeze.Virtio.Queues
{
    /// <summary>
    /// What the driver programs for one virtqueue (virtio-mmio QueueSize, QueueDesc, QueueDriver, QueueDevice) and
    /// the negotiated features that change the ring's behaviour.
    /// </summary>
    public readonly struct QueueConfiguration
    {
        /// <summary>Creates a configuration.</summary>
        public QueueConfiguration(ushort size, ulong descriptorArea, ulong driverArea, ulong deviceArea, ulong negotiatedFeatures)
        {
            Size = size;
            DescriptorArea = descriptorArea;
            DriverArea = driverArea;
            DeviceArea = deviceArea;
            NegotiatedFeatures = negotiatedFeatures;
        }

        /// <summary>Queue Size: the number of descriptors.</summary>
        public ushort Size { get; }

        /// <summary>Descriptor Area: the descriptor table (split) or descriptor ring (packed).</summary>
        public ulong DescriptorArea { get; }

        /// <summary>Driver Area: the available ring (split) or the driver event suppression structure (packed).</summary>
        public ulong DriverArea { get; }

        /// <summary>Device Area: the used ring (split) or the device event suppression structure (packed).</summary>
        public ulong DeviceArea { get; }

        /// <summary>The features both sides agreed on.</summary>
        public ulong NegotiatedFeatures { get; }

        /// <summary>VIRTIO_F_EVENT_IDX negotiated.</summary>
        public bool EventIdx => VirtioFeatureBit.IsSet(NegotiatedFeatures, VirtioFeatureBit.EventIdx);

        /// <summary>VIRTIO_F_INDIRECT_DESC negotiated.</summary>
        public bool IndirectDesc => VirtioFeatureBit.IsSet(NegotiatedFeatures, VirtioFeatureBit.IndirectDesc);

        /// <summary>VIRTIO_F_RING_PACKED negotiated.</summary>
        public bool RingPacked => VirtioFeatureBit.IsSet(NegotiatedFeatures, VirtioFeatureBit.RingPacked);
    }
}
