using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Virtio.Queues
{
    /// <summary>
    /// Sizes and alignments of a virtqueue's three areas for either ring format (virtio 1.4 "Virtqueues": split
    /// table 16, available ring 2, used ring 4; packed descriptor ring 16, event suppression structures 4 bytes
    /// aligned 4), so a driver can lay a queue out without knowing the format.
    /// </summary>
    public readonly struct VirtqueueAreas
    {
        private VirtqueueAreas(ulong descriptorBytes, ulong descriptorAlignment, ulong driverBytes, ulong driverAlignment, ulong deviceBytes, ulong deviceAlignment)
        {
            DescriptorBytes = descriptorBytes;
            DescriptorAlignment = descriptorAlignment;
            DriverBytes = driverBytes;
            DriverAlignment = driverAlignment;
            DeviceBytes = deviceBytes;
            DeviceAlignment = deviceAlignment;
        }

        /// <summary>Bytes of the Descriptor Area.</summary>
        public ulong DescriptorBytes { get; }

        /// <summary>Required alignment of the Descriptor Area.</summary>
        public ulong DescriptorAlignment { get; }

        /// <summary>Bytes of the Driver Area.</summary>
        public ulong DriverBytes { get; }

        /// <summary>Required alignment of the Driver Area.</summary>
        public ulong DriverAlignment { get; }

        /// <summary>Bytes of the Device Area.</summary>
        public ulong DeviceBytes { get; }

        /// <summary>Required alignment of the Device Area.</summary>
        public ulong DeviceAlignment { get; }

        /// <summary>The areas of a queue of <paramref name="queueSize"/> entries in the given format.</summary>
        public static VirtqueueAreas For(bool packed, int queueSize)
        {
            if (packed)
            {
                // Packed descriptor: addr u64, len u32, id u16, flags u16; event suppression: desc u16, flags u16.
                return new VirtqueueAreas((ulong)queueSize * 16, 16, 4, 4, 4, 4);
            }

            return new VirtqueueAreas(
                (ulong)SplitRingLayout.DescriptorTableSize(queueSize),
                SplitRingLayout.DescriptorTableAlignment,
                (ulong)SplitRingLayout.AvailRingSize(queueSize),
                SplitRingLayout.AvailRingAlignment,
                (ulong)SplitRingLayout.UsedRingSize(queueSize),
                SplitRingLayout.UsedRingAlignment);
        }
    }
}
