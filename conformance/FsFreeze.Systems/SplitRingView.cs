using System;
using System.Collections.Generic;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Systems
{
    /// <summary>
    /// Reads a split virtqueue straight out of guest memory (virtio 1.x 2.7): descriptors (addr, len, flags, next),
    /// the available ring's idx and entries, the used ring's idx and (id, len) elements. A bus analyser's view, used
    /// by the demo to show one exchange as ring traffic.
    /// </summary>
    public sealed class SplitRingView
    {
        private readonly GuestMemory memory;

        /// <summary>Views the queue at <paramref name="layout"/> in <paramref name="memory"/>.</summary>
        public SplitRingView(GuestMemory memory, QueueLayout layout)
        {
            ArgumentNullException.ThrowIfNull(memory);
            ArgumentNullException.ThrowIfNull(layout);
            this.memory = memory;
            Layout = layout;
        }

        /// <summary>Where the queue lives.</summary>
        public QueueLayout Layout { get; }

        /// <summary>The available ring's idx (free-running).</summary>
        public ushort AvailIndex => U16(Layout.Driver + 2);

        /// <summary>The used ring's idx (free-running).</summary>
        public ushort UsedIndex => U16(Layout.Device + 2);

        /// <summary>The head descriptor published at available position <paramref name="position"/> (free-running).</summary>
        public ushort AvailEntry(ushort position) => U16(Layout.Driver + 4 + (2UL * (ulong)(position % Layout.Size)));

        /// <summary>The used element at used position <paramref name="position"/> (free-running).</summary>
        public (uint Id, uint Length) UsedEntry(ushort position)
        {
            ulong at = Layout.Device + 4 + (8UL * (ulong)(position % Layout.Size));
            return (U32(at), U32(at + 4));
        }

        /// <summary>Descriptor <paramref name="index"/>.</summary>
        public RingDescriptor Descriptor(uint index)
        {
            ulong at = Layout.Descriptors + (16UL * index);
            memory.TryReadUInt64(at, out ulong address);
            return new RingDescriptor(index, address, U32(at + 8), U16(at + 12), U16(at + 14));
        }

        /// <summary>The chain starting at <paramref name="head"/> (at most the queue size).</summary>
        public IReadOnlyList<RingDescriptor> Chain(uint head)
        {
            var chain = new List<RingDescriptor>();
            uint index = head;
            for (int i = 0; i < Layout.Size; i++)
            {
                RingDescriptor d = Descriptor(index);
                chain.Add(d);
                if ((d.Flags & RingDescriptor.Next) == 0)
                {
                    break;
                }

                index = d.NextIndex;
            }

            return chain;
        }

        /// <summary><paramref name="length"/> bytes at <paramref name="address"/>.</summary>
        public byte[] Bytes(ulong address, uint length)
        {
            byte[] bytes = new byte[length];
            memory.TryRead(address, bytes);
            return bytes;
        }

        private ushort U16(ulong address) => memory.TryReadUInt16(address, out ushort value) ? value : (ushort)0;

        private uint U32(ulong address) => memory.TryReadUInt32(address, out uint value) ? value : 0;
    }

    /// <summary>One split-ring descriptor.</summary>
    /// <param name="Index">Its slot in the table.</param>
    /// <param name="Address">Guest-physical buffer address.</param>
    /// <param name="Length">Buffer length.</param>
    /// <param name="Flags">NEXT (1), WRITE (2), INDIRECT (4).</param>
    /// <param name="NextIndex">The next descriptor when NEXT is set.</param>
    public sealed record RingDescriptor(uint Index, ulong Address, uint Length, ushort Flags, ushort NextIndex)
    {
        /// <summary>VIRTQ_DESC_F_NEXT.</summary>
        public const ushort Next = 1;

        /// <summary>VIRTQ_DESC_F_WRITE: device-writable.</summary>
        public const ushort Write = 2;

        /// <inheritdoc />
        public override string ToString() =>
            $"desc[{Index}] addr=0x{Address:x} len={Length} flags=0x{Flags:x}{((Flags & Write) != 0 ? " (WRITE: device-writable)" : " (device-readable)")}{((Flags & Next) != 0 ? $" next={NextIndex}" : string.Empty)}";
    }
}
