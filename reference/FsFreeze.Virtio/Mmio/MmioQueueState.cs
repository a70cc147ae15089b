using FsFreeze.Virtio.Queues;

namespace FsFreeze.Virtio.Mmio
{
    /// <summary>
    /// The registers of one virtqueue behind QueueSel (virtio 1.4 "MMIO Device Register Layout") and its device end
    /// while QueueReady is 1.
    /// </summary>
    internal sealed class MmioQueueState
    {
        public MmioQueueState(ushort sizeMax)
        {
            SizeMax = sizeMax;
            Reset();
        }

        public ushort SizeMax { get; }

        /// <summary>QueueSize as written (kept wide so an out-of-range write is caught at QueueReady, FF-MMIO-6).</summary>
        public uint Size { get; set; }

        public ulong DescriptorArea { get; set; }

        public ulong DriverArea { get; set; }

        public ulong DeviceArea { get; set; }

        /// <summary>The device end; non-null exactly while QueueReady reads 1.</summary>
        public IDeviceQueue? DeviceEnd { get; set; }

        public bool Ready => DeviceEnd is not null;

        public static ulong WithLow(ulong address, uint low) => (address & 0xFFFF_FFFF_0000_0000UL) | low;

        public static ulong WithHigh(ulong address, uint high) => (address & 0xFFFF_FFFFUL) | ((ulong)high << 32);

        /// <summary>
        /// Back to the reset values. MMIO QueueSize is write-only, so its reset value is invisible; it starts at the
        /// maximum, as virtio-pci's queue_size does and QEMU's vring.num_default, so a driver that keeps the
        /// maximum need not write it.
        /// </summary>
        public void Reset()
        {
            Size = SizeMax;
            DescriptorArea = 0;
            DriverArea = 0;
            DeviceArea = 0;
            DeviceEnd = null;
        }
    }
}
