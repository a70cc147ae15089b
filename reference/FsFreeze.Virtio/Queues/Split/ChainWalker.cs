using System;
using System.Runtime.CompilerServices;
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
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static QueueError WalkSplit(
            GuestMemory memory,
            RingView descriptorTable,
            ushort queueSize,
            ushort head,
            bool indirectNegotiated,
            Span<ChainBuffer> storage,
            out DescriptorChain chain)
        {
            // The direct table is walked here and an indirect table in WalkIndirect: the loop that runs for every
            // chain then carries no indirect state, so its locals stay in registers (issue 9).
            var builder = default(ChainBuilder);
            int ttl = queueSize;
            int index = head;
            ushort descriptorCount = 0;
            chain = default;

            while (true)
            {
                if (ttl-- == 0)
                {
                    return QueueError.ChainLoop;
                }

                // index is the head (the caller refused one of Queue Size or more) or a next below queueSize
                // (refused below otherwise), so the descriptor lies in the table mapped at setup (MappedArea).
                int at = index * SplitRingLayout.DescriptorSize;
                ulong address = descriptorTable.ReadUInt64(at + SplitRingLayout.DescriptorAddressOffset);
                uint length = descriptorTable.ReadUInt32(at + SplitRingLayout.DescriptorLengthOffset);
                var flags = (DescriptorFlags)descriptorTable.ReadUInt16(at + SplitRingLayout.DescriptorFlagsOffset);
                ushort next = descriptorTable.ReadUInt16(at + SplitRingLayout.DescriptorNextOffset);
                descriptorCount++;

                if ((flags & DescriptorFlags.Indirect) != 0)
                {
                    // The builder goes by value and the chain comes back through chain, so the builder here is
                    // never address-taken and stays in registers on the direct path every chain takes (issue 9).
                    return WalkIndirect(memory, storage, builder, address, length, flags, indirectNegotiated, queueSize, head, descriptorCount, out chain);
                }

                QueueError added = builder.Add(memory, storage, address, length, (flags & DescriptorFlags.Write) != 0);
                if (added != QueueError.None)
                {
                    return added;
                }

                if ((flags & DescriptorFlags.Next) == 0)
                {
                    break;
                }

                if (next >= queueSize)
                {
                    return QueueError.NextIndexOutOfRange;
                }

                index = next;
            }

            chain = builder.ToChain(storage, head, descriptorCount);
            return QueueError.None;
        }

        /// <summary>
        /// Checks the INDIRECT descriptor at the end of a direct chain, then walks its table from entry 0, following
        /// NEXT inside the table with a time-to-live of the table's entry count, and builds the chain. An INDIRECT
        /// entry inside is refused (<see cref="IndirectRules.Check"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static QueueError WalkIndirect(
            GuestMemory memory,
            Span<ChainBuffer> storage,
            ChainBuilder builder,
            ulong tableAddress,
            uint tableLength,
            DescriptorFlags pointerFlags,
            bool indirectNegotiated,
            ushort queueSize,
            ushort head,
            ushort descriptorCount,
            out DescriptorChain chain)
        {
            chain = default;
            QueueError error = IndirectRules.Check(pointerFlags, tableLength, false, indirectNegotiated, queueSize);
            if (error != QueueError.None)
            {
                return error;
            }

            // WRITE on the pointer descriptor is ignored (the device MUST ignore it).
            if (!memory.TryGetMemory(tableAddress, tableLength, out Memory<byte> tableMemory))
            {
                return QueueError.BufferOutsideGuestMemory;
            }

            Span<byte> table = tableMemory.Span;
            int tableSize = table.Length / SplitRingLayout.DescriptorSize;
            int ttl = tableSize;
            int index = 0;
            while (true)
            {
                if (ttl-- == 0)
                {
                    return QueueError.ChainLoop;
                }

                Span<byte> descriptor = table.Slice(index * SplitRingLayout.DescriptorSize, SplitRingLayout.DescriptorSize);
                ulong address = RingAccess.ReadUInt64(descriptor, SplitRingLayout.DescriptorAddressOffset);
                uint length = RingAccess.ReadUInt32(descriptor, SplitRingLayout.DescriptorLengthOffset);
                var flags = (DescriptorFlags)RingAccess.ReadUInt16(descriptor, SplitRingLayout.DescriptorFlagsOffset);
                ushort next = RingAccess.ReadUInt16(descriptor, SplitRingLayout.DescriptorNextOffset);
                if ((flags & DescriptorFlags.Indirect) != 0)
                {
                    // Inside a table this is always refused: NestedIndirect (indirect was negotiated to get here).
                    return IndirectRules.Check(flags, length, true, true, queueSize);
                }

                error = builder.Add(memory, storage, address, length, (flags & DescriptorFlags.Write) != 0);
                if (error != QueueError.None)
                {
                    return error;
                }

                if ((flags & DescriptorFlags.Next) == 0)
                {
                    chain = builder.ToChain(storage, head, descriptorCount);
                    return QueueError.None;
                }

                if (next >= tableSize)
                {
                    return QueueError.NextIndexOutOfRange;
                }

                index = next;
            }
        }
    }
}
