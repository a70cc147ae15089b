using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Conformance.Rings.Split
{
    /// <summary>
    /// Writes split-ring structures straight into guest memory, as a driver (or a hostile one) would, so the suite
    /// can present a device end with exactly the bytes a case needs, malformed ones included.
    /// </summary>
    public sealed class SplitRingWriter
    {
        private readonly GuestMemory _memory;
        private readonly QueueConfiguration _config;

        /// <summary>Creates a writer for the queue described by <paramref name="config"/>.</summary>
        public SplitRingWriter(GuestMemory memory, QueueConfiguration config)
        {
            _memory = memory;
            _config = config;
        }

        /// <summary>Writes descriptor <paramref name="index"/> of the descriptor table.</summary>
        public void Descriptor(int index, ulong address, uint length, DescriptorFlags flags, ushort next = 0) =>
            DescriptorAt(_config.DescriptorArea, index, address, length, flags, next);

        /// <summary>Writes descriptor <paramref name="index"/> of a table at <paramref name="table"/> (an indirect table).</summary>
        public void DescriptorAt(ulong table, int index, ulong address, uint length, DescriptorFlags flags, ushort next = 0)
        {
            ulong at = table + (ulong)(index * SplitRingLayout.DescriptorSize);
            Assert.That(_memory.TryWriteUInt64(at + SplitRingLayout.DescriptorAddressOffset, address), Is.True);
            Assert.That(_memory.TryWriteUInt32(at + SplitRingLayout.DescriptorLengthOffset, length), Is.True);
            Assert.That(_memory.TryWriteUInt16(at + SplitRingLayout.DescriptorFlagsOffset, (ushort)flags), Is.True);
            Assert.That(_memory.TryWriteUInt16(at + SplitRingLayout.DescriptorNextOffset, next), Is.True);
        }

        /// <summary>Writes available-ring slot <paramref name="slot"/>.</summary>
        public void AvailEntry(int slot, ushort head) =>
            Assert.That(_memory.TryWriteUInt16(_config.DriverArea + (ulong)SplitRingLayout.AvailSlotOffset(slot), head), Is.True);

        /// <summary>Writes avail.idx.</summary>
        public void AvailIdx(ushort idx) =>
            Assert.That(_memory.TryWriteUInt16(_config.DriverArea + SplitRingLayout.AvailIdxOffset, idx), Is.True);

        /// <summary>Writes avail.flags.</summary>
        public void AvailFlags(ushort flags) =>
            Assert.That(_memory.TryWriteUInt16(_config.DriverArea + SplitRingLayout.AvailFlagsOffset, flags), Is.True);

        /// <summary>Writes used_event.</summary>
        public void UsedEvent(ushort value) =>
            Assert.That(_memory.TryWriteUInt16(_config.DriverArea + (ulong)SplitRingLayout.UsedEventOffset(_config.Size), value), Is.True);

        /// <summary>Writes used element <paramref name="slot"/>.</summary>
        public void UsedElement(int slot, uint id, uint length)
        {
            ulong at = _config.DeviceArea + (ulong)SplitRingLayout.UsedSlotOffset(slot);
            Assert.That(_memory.TryWriteUInt32(at, id), Is.True);
            Assert.That(_memory.TryWriteUInt32(at + 4, length), Is.True);
        }

        /// <summary>Writes used.idx.</summary>
        public void UsedIdx(ushort idx) =>
            Assert.That(_memory.TryWriteUInt16(_config.DeviceArea + SplitRingLayout.UsedIdxOffset, idx), Is.True);

        /// <summary>Reads used.idx.</summary>
        public ushort ReadUsedIdx()
        {
            Assert.That(_memory.TryReadUInt16(_config.DeviceArea + SplitRingLayout.UsedIdxOffset, out ushort value), Is.True);
            return value;
        }

        /// <summary>Reads avail.flags.</summary>
        public ushort ReadAvailFlags()
        {
            Assert.That(_memory.TryReadUInt16(_config.DriverArea + SplitRingLayout.AvailFlagsOffset, out ushort value), Is.True);
            return value;
        }

        /// <summary>Reads used.flags.</summary>
        public ushort ReadUsedFlags()
        {
            Assert.That(_memory.TryReadUInt16(_config.DeviceArea + SplitRingLayout.UsedFlagsOffset, out ushort value), Is.True);
            return value;
        }

        /// <summary>Reads used_event.</summary>
        public ushort ReadUsedEvent()
        {
            Assert.That(_memory.TryReadUInt16(_config.DriverArea + (ulong)SplitRingLayout.UsedEventOffset(_config.Size), out ushort value), Is.True);
            return value;
        }

        /// <summary>Reads avail_event.</summary>
        public ushort ReadAvailEvent()
        {
            Assert.That(_memory.TryReadUInt16(_config.DeviceArea + (ulong)SplitRingLayout.AvailEventOffset(_config.Size), out ushort value), Is.True);
            return value;
        }

        /// <summary>Publishes a single chain whose head is <paramref name="head"/> at available index <paramref name="availIdx"/>.</summary>
        public void Publish(ushort availIdx, ushort head)
        {
            AvailEntry(availIdx & (_config.Size - 1), head);
            AvailIdx((ushort)(availIdx + 1));
        }
    }
}
