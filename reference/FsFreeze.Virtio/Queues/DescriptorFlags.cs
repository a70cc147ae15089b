using System;

namespace FsFreeze.Virtio.Queues
{
    /// <summary>
    /// Descriptor flags, virtio 1.4 "The Virtqueue Descriptor Table" and "Packed Virtqueues". The split ring stores
    /// them at +12 of a descriptor, the packed ring at +14. AVAIL and USED exist only in the packed ring.
    /// </summary>
    [Flags]
    public enum DescriptorFlags : ushort
    {
        /// <summary>No flag.</summary>
        None = 0,

        /// <summary>VIRTQ_DESC_F_NEXT: the chain continues (split: via <c>next</c>; packed: in the next slot).</summary>
        Next = 1,

        /// <summary>VIRTQ_DESC_F_WRITE: the buffer is device-writable (otherwise device-readable).</summary>
        Write = 2,

        /// <summary>VIRTQ_DESC_F_INDIRECT: the buffer holds a table of descriptors.</summary>
        Indirect = 4,

        /// <summary>VIRTQ_DESC_F_AVAIL (packed only): bit 7.</summary>
        Avail = 1 << 7,

        /// <summary>VIRTQ_DESC_F_USED (packed only): bit 15.</summary>
        Used = 1 << 15,
    }
}
