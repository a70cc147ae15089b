using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Conformance.KnownBad
{
    /// <summary>Reads and writes split-ring fields in guest memory, for decorators that bend what the reference wrote.</summary>
    public sealed class SplitRingView
    {
        private readonly GuestMemory _memory;
        private readonly QueueConfiguration _config;

        /// <summary>A view of the ring of <paramref name="config"/> in <paramref name="memory"/>.</summary>
        public SplitRingView(GuestMemory memory, QueueConfiguration config)
        {
            _memory = memory;
            _config = config;
        }

        /// <summary>avail.idx.</summary>
        public ushort AvailIdx => Read16(_config.DriverArea + SplitRingLayout.AvailIdxOffset);

        /// <summary>used.idx.</summary>
        public ushort UsedIdx => Read16(_config.DeviceArea + SplitRingLayout.UsedIdxOffset);

        /// <summary>used_event, at the end of the available ring.</summary>
        public ushort UsedEvent => Read16(_config.DriverArea + (ulong)SplitRingLayout.UsedEventOffset(_config.Size));

        /// <summary>avail.ring[slot].</summary>
        public ushort AvailHead(ushort index) => Read16(_config.DriverArea + (ulong)SplitRingLayout.AvailSlotOffset(index % _config.Size));

        /// <summary>Address of used.ring[index % size]: the id, then the len 4 bytes on.</summary>
        public ulong UsedElement(ushort index) => _config.DeviceArea + (ulong)SplitRingLayout.UsedSlotOffset(index % _config.Size);

        /// <summary>Reads descriptor <paramref name="index"/> of the direct table.</summary>
        public (ulong Address, uint Length, DescriptorFlags Flags, ushort Next) Descriptor(int index)
        {
            ulong at = _config.DescriptorArea + (ulong)(index * SplitRingLayout.DescriptorSize);
            _memory.TryReadUInt64(at + SplitRingLayout.DescriptorAddressOffset, out ulong address);
            _memory.TryReadUInt32(at + SplitRingLayout.DescriptorLengthOffset, out uint length);
            return (address, length, (DescriptorFlags)Read16(at + SplitRingLayout.DescriptorFlagsOffset), Read16(at + SplitRingLayout.DescriptorNextOffset));
        }

        /// <summary>A 32-bit read (0 outside guest memory).</summary>
        public uint Read32(ulong address) => _memory.TryReadUInt32(address, out uint value) ? value : 0;

        /// <summary>A 32-bit write (ignored outside guest memory).</summary>
        public void Write32(ulong address, uint value) => _memory.TryWriteUInt32(address, value);

        private ushort Read16(ulong address) => _memory.TryReadUInt16(address, out ushort value) ? value : (ushort)0;
    }
}
