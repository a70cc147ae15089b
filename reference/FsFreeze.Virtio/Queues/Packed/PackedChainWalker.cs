using System;
using System.Runtime.CompilerServices;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Queues.Packed
{
    /// <summary>
    /// Walks a packed-ring chain (virtio 1.4 "Scatter-Gather Support", "Next Flag: Descriptor Chaining", "Indirect
    /// Flag: Scatter-Gather Support"; spec FF-RING-23, FF-RING-25). A chain occupies consecutive slots from the
    /// device's next available one, wrapping past the end of the ring; the Buffer ID is taken from its last
    /// descriptor. The walk visits at most Queue Size direct descriptors, so a chain whose NEXT never ends (it would
    /// come back to its own first slot) is <see cref="QueueError.ChainLoop"/>, whatever guest memory holds.
    /// </summary>
    internal static class PackedChainWalker
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static QueueError Walk(
            GuestMemory memory,
            RingView ring,
            int queueSize,
            int startSlot,
            DescriptorFlags firstFlags,
            bool indirectNegotiated,
            Span<ChainBuffer> storage,
            out DescriptorChain chain)
        {
            var builder = default(ChainBuilder);
            chain = default;
            int slot = startSlot;
            DescriptorFlags flags = firstFlags;
            ushort descriptorCount = 0;
            while (true)
            {
                if (descriptorCount == queueSize)
                {
                    return QueueError.ChainLoop;
                }

                // slot starts at the device's position and wraps at queueSize, so it stays below the Queue Size and
                // the descriptor lies in the ring mapped at setup (MappedArea).
                int at = PackedRingLayout.DescriptorOffset(slot);
                ulong address = ring.ReadUInt64(at + PackedRingLayout.DescriptorAddressOffset);
                uint length = ring.ReadUInt32(at + PackedRingLayout.DescriptorLengthOffset);
                ushort id = ring.ReadUInt16(at + PackedRingLayout.DescriptorIdOffset);
                descriptorCount++;

                if ((flags & DescriptorFlags.Indirect) != 0)
                {
                    // "A driver MUST NOT write direct descriptors with VIRTQ_DESC_F_INDIRECT set in a scatter-gather
                    // list linked by VIRTQ_DESC_F_NEXT": in the packed ring an indirect descriptor is a chain alone.
                    if (indirectNegotiated && descriptorCount > 1)
                    {
                        return QueueError.IndirectWithNext;
                    }

                    return WalkIndirect(memory, storage, builder, address, length, flags, indirectNegotiated, queueSize, id, descriptorCount, out chain);
                }

                QueueError added = builder.Add(memory, storage, address, length, (flags & DescriptorFlags.Write) != 0);
                if (added != QueueError.None)
                {
                    return added;
                }

                if ((flags & DescriptorFlags.Next) == 0)
                {
                    chain = builder.ToChain(storage, id, descriptorCount);
                    return QueueError.None;
                }

                // The driver wrote every later descriptor before the first one's flags, which the caller read with
                // acquire, so plain reads of the rest are ordered after it ("Driver Notifications" ordering).
                slot = slot + 1 == queueSize ? 0 : slot + 1;
                flags = (DescriptorFlags)ring.ReadUInt16(PackedRingLayout.DescriptorOffset(slot) + PackedRingLayout.DescriptorFlagsOffset);
            }
        }

        /// <summary>
        /// Walks an indirect table of <c>pvirtq_desc</c> entries, in order and without NEXT. Only WRITE is valid
        /// inside ("A driver MUST NOT set any flags except DESC_F_WRITE for descriptors within an indirect
        /// descriptor"): INDIRECT there is <see cref="QueueError.NestedIndirect"/>; the other bits and the ids are
        /// ignored, as QEMU's <c>virtqueue_packed_pop</c> ignores them. WRITE on the pointer itself is ignored.
        /// The builder is taken by value and the chain comes back through <paramref name="chain"/>, so the caller's
        /// builder is never address-taken and stays in registers on the direct path every chain takes (issue 9).
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static QueueError WalkIndirect(GuestMemory memory, Span<ChainBuffer> storage, ChainBuilder builder, ulong address, uint length, DescriptorFlags flags, bool indirectNegotiated, int queueSize, ushort id, ushort descriptorCount, out DescriptorChain chain)
        {
            QueueError error = WalkIndirectTable(memory, storage, ref builder, address, length, flags, indirectNegotiated, queueSize);
            chain = error == QueueError.None ? builder.ToChain(storage, id, descriptorCount) : default;
            return error;
        }

        private static QueueError WalkIndirectTable(GuestMemory memory, Span<ChainBuffer> storage, ref ChainBuilder builder, ulong address, uint length, DescriptorFlags flags, bool indirectNegotiated, int queueSize)
        {
            QueueError rule = IndirectRules.Check(flags, length, false, indirectNegotiated, queueSize);
            if (rule != QueueError.None)
            {
                return rule;
            }

            if (!memory.TryGetMemory(address, length, out Memory<byte> tableMemory))
            {
                return QueueError.BufferOutsideGuestMemory;
            }

            Span<byte> table = tableMemory.Span;
            int entries = (int)(length / IndirectRules.TableEntrySize);
            for (int i = 0; i < entries; i++)
            {
                int at = i * IndirectRules.TableEntrySize;
                var entryFlags = (DescriptorFlags)RingAccess.ReadUInt16(table, at + PackedRingLayout.DescriptorFlagsOffset);
                if ((entryFlags & DescriptorFlags.Indirect) != 0)
                {
                    return QueueError.NestedIndirect;
                }

                ulong entryAddress = RingAccess.ReadUInt64(table, at + PackedRingLayout.DescriptorAddressOffset);
                uint entryLength = RingAccess.ReadUInt32(table, at + PackedRingLayout.DescriptorLengthOffset);
                QueueError added = builder.Add(memory, storage, entryAddress, entryLength, (entryFlags & DescriptorFlags.Write) != 0);
                if (added != QueueError.None)
                {
                    return added;
                }
            }

            return QueueError.None;
        }
    }
}
