using System;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Queues.Split
{
    /// <summary>
    /// Walks a split-ring descriptor chain (virtio 1.4 "The Virtqueue Descriptor Table", "Indirect Descriptors").
    /// The walk carries a time-to-live equal to the table's size, so a looped chain ends as
    /// <see cref="QueueError.ChainLoop"/> after at most that many steps, whatever guest memory holds.
    /// </summary>
    internal static class ChainWalker
    {
        public static QueueError WalkSplit(
            GuestMemory memory,
            Span<byte> descriptorTable,
            ushort queueSize,
            ushort head,
            bool indirectNegotiated,
            Span<ChainBuffer> storage,
            out DescriptorChain chain)
        {
            var builder = new ChainBuilder(memory, storage);
            Span<byte> table = descriptorTable;
            int tableSize = queueSize;
            int ttl = queueSize;
            int index = head;
            bool inIndirect = false;
            ushort descriptorCount = 0;
            chain = default;

            while (true)
            {
                if (ttl-- == 0)
                {
                    return QueueError.ChainLoop;
                }

                // One bounds check for the whole descriptor; the field reads at constant offsets then need none.
                Span<byte> descriptor = table.Slice(index * SplitRingLayout.DescriptorSize, SplitRingLayout.DescriptorSize);
                ulong address = RingAccess.ReadUInt64(descriptor, SplitRingLayout.DescriptorAddressOffset);
                uint length = RingAccess.ReadUInt32(descriptor, SplitRingLayout.DescriptorLengthOffset);
                var flags = (DescriptorFlags)RingAccess.ReadUInt16(descriptor, SplitRingLayout.DescriptorFlagsOffset);
                ushort next = RingAccess.ReadUInt16(descriptor, SplitRingLayout.DescriptorNextOffset);
                if (!inIndirect)
                {
                    descriptorCount++;
                }

                if ((flags & DescriptorFlags.Indirect) != 0)
                {
                    QueueError indirect = IndirectRules.Check(flags, length, inIndirect, indirectNegotiated, queueSize);
                    if (indirect != QueueError.None)
                    {
                        return indirect;
                    }

                    // WRITE on the pointer descriptor is ignored (the device MUST ignore it).
                    if (!memory.TryGetMemory(address, length, out Memory<byte> indirectTable))
                    {
                        return QueueError.BufferOutsideGuestMemory;
                    }

                    table = indirectTable.Span;
                    tableSize = (int)(length / SplitRingLayout.DescriptorSize);
                    ttl = tableSize;
                    index = 0;
                    inIndirect = true;
                    continue;
                }

                QueueError added = builder.Add(address, length, (flags & DescriptorFlags.Write) != 0);
                if (added != QueueError.None)
                {
                    return added;
                }

                if ((flags & DescriptorFlags.Next) == 0)
                {
                    break;
                }

                if (next >= tableSize)
                {
                    return QueueError.NextIndexOutOfRange;
                }

                index = next;
            }

            chain = builder.ToChain(head, descriptorCount);
            return QueueError.None;
        }
    }
}
