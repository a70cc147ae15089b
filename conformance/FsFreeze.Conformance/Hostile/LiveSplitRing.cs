using System;
using FsFreeze.Conformance.Rings.Split;
using FsFreeze.Systems;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// A split virtqueue in use by the driver and the device, seen from a third party with access to guest memory:
    /// a hostile guest component (or a hostile host) that writes the rings behind both ends' backs.
    /// </summary>
    internal sealed class LiveSplitRing
    {
        private readonly GuestMemory memory;
        private readonly SplitRingWriter writer;

        public LiveSplitRing(GuestMemory memory, QueueLayout layout)
        {
            this.memory = memory;
            Layout = layout;
            writer = new SplitRingWriter(memory, new QueueConfiguration(layout.Size, layout.Descriptors, layout.Driver, layout.Device, 0));
        }

        public QueueLayout Layout { get; }

        public ushort Size => Layout.Size;

        public ushort AvailIdx => memory.TryReadUInt16(Layout.Driver + SplitRingLayout.AvailIdxOffset, out ushort idx) ? idx : (ushort)0;

        public ushort UsedIdx => writer.ReadUsedIdx();

        /// <summary>Bytes of the area (0 descriptor table, 1 available ring, 2 used ring) and its address.</summary>
        public (ulong Address, int Length) Area(int area) => area switch
        {
            0 => (Layout.Descriptors, Size * SplitRingLayout.DescriptorSize),
            1 => (Layout.Driver, SplitRingLayout.AvailRingOffset + (2 * Size) + 2),
            _ => (Layout.Device, SplitRingLayout.UsedRingOffset + (SplitRingLayout.UsedElementSize * Size) + 2),
        };

        /// <summary>Writes <paramref name="bytes"/> at <paramref name="offset"/> (wrapped into the area) of <paramref name="area"/>.</summary>
        public void Scribble(int area, int offset, byte[] bytes)
        {
            (ulong address, int length) = Area(area);
            for (int i = 0; i < bytes.Length; i++)
            {
                memory.TryWrite(address + (ulong)((offset + i) % length), bytes.AsSpan(i, 1));
            }
        }

        public void SetAvailIdx(ushort value) => writer.AvailIdx(value);

        public void SetUsedIdx(ushort value) => writer.UsedIdx(value);

        /// <summary>
        /// Makes <paramref name="case"/> the next available chain. Descriptor 0 and 1 are overwritten: whatever the driver
        /// had there, the device is about to stop touching the queue, and the driver's reset rebuilds it.
        /// </summary>
        public void Inject(MalformedCase @case, ulong validAddress, ulong memoryEnd, ulong scratchTable)
        {
            ushort next = AvailIdx;
            ushort head = 0;
            const DescriptorFlags none = DescriptorFlags.None;
            switch (@case)
            {
                case MalformedCase.AvailableIndexJump:
                    writer.AvailIdx((ushort)(next + Size + 1));
                    return;
                case MalformedCase.HeadIndexOutOfRange:
                    head = Size;
                    break;
                case MalformedCase.NextIndexOutOfRange:
                    writer.Descriptor(0, validAddress, 48, DescriptorFlags.Next, Size);
                    break;
                case MalformedCase.ChainLoop:
                    writer.Descriptor(0, validAddress, 48, DescriptorFlags.Next, 0);
                    break;
                case MalformedCase.ReadableAfterWritable:
                    writer.Descriptor(0, validAddress, 48, DescriptorFlags.Write | DescriptorFlags.Next, 1);
                    writer.Descriptor(1, validAddress, 48, none);
                    break;
                case MalformedCase.IndirectNotNegotiated:
                    writer.DescriptorAt(scratchTable, 0, validAddress, 16, none);
                    writer.Descriptor(0, scratchTable, 16, DescriptorFlags.Indirect);
                    break;
                case MalformedCase.IndirectTableLengthInvalid:
                    writer.DescriptorAt(scratchTable, 0, validAddress, 16, none);
                    writer.Descriptor(0, scratchTable, 20, DescriptorFlags.Indirect);
                    break;
                case MalformedCase.NestedIndirect:
                    writer.DescriptorAt(scratchTable, 0, scratchTable + 256, 16, DescriptorFlags.Indirect);
                    writer.Descriptor(0, scratchTable, 16, DescriptorFlags.Indirect);
                    break;
                case MalformedCase.IndirectWithNext:
                    writer.DescriptorAt(scratchTable, 0, validAddress, 16, none);
                    writer.Descriptor(0, scratchTable, 16, DescriptorFlags.Indirect | DescriptorFlags.Next, 1);
                    writer.Descriptor(1, validAddress, 16, none);
                    break;
                case MalformedCase.ZeroLengthBuffer:
                    writer.Descriptor(0, validAddress, 0, none);
                    break;
                case MalformedCase.BufferPastGuestMemory:
                    writer.Descriptor(0, memoryEnd - 16, 48, none);
                    break;
                case MalformedCase.BufferWrapsAddressSpace:
                    writer.Descriptor(0, ulong.MaxValue - 15, 48, none);
                    break;
                default:
                    writer.Descriptor(0, validAddress, 48, DescriptorFlags.Write);
                    break;
            }

            writer.Publish(next, head);
        }
    }
}
