using System;
using FsFreeze.Virtio.Memory;

namespace FsFreeze.Virtio.Queues
{
    /// <summary>
    /// The rules a driver end applies before it builds a chain or accepts an indirect-table area, the same for the
    /// split and the packed ring: the driver must never hand the device a chain the spec forbids.
    /// </summary>
    internal static class DriverChainRules
    {
        /// <summary>Both ring formats use 16-byte descriptors aligned to 16, in indirect tables too.</summary>
        private const int DescriptorSize = 16;

        /// <summary>
        /// Checks the indirect-table area: one table of <paramref name="indirectEntries"/> descriptors per id, aligned
        /// and inside guest memory, and no table longer than the queue (FF-RING-8).
        /// </summary>
        public static QueueError CheckIndirectArea(GuestMemory memory, QueueConfiguration config, ulong indirectArea, int indirectEntries)
        {
            if (indirectEntries < 0 || indirectEntries > config.Size)
            {
                return QueueError.InvalidChain;
            }

            if (config.IndirectDesc && indirectArea != 0
                && (indirectArea % DescriptorSize != 0
                    || !memory.IsValidRange(indirectArea, (ulong)config.Size * (ulong)indirectEntries * DescriptorSize)))
            {
                return QueueError.RingOutsideGuestMemory;
            }

            return QueueError.None;
        }

        /// <summary>
        /// Checks a chain the caller asks for: at least one buffer, no longer than the queue (or the indirect
        /// table), and fewer than 2^32 bytes in all ("Message Framing", FF-RING-8, FF-RING-13). Returns the
        /// total of the writable buffers, which the driver records to check the device's used length.
        /// </summary>
        public static QueueError CheckChain(ReadOnlySpan<BufferSpec> readable, ReadOnlySpan<BufferSpec> writable, bool useIndirect, bool indirectUsable, int indirectEntries, int queueSize, out uint writableLength)
        {
            writableLength = 0;
            int total = readable.Length + writable.Length;
            if (total == 0 || (useIndirect && (!indirectUsable || total > indirectEntries)) || (!useIndirect && total > queueSize))
            {
                return QueueError.InvalidChain;
            }

            ulong readableTotal = 0;
            ulong writableTotal = 0;
            foreach (BufferSpec buffer in readable)
            {
                readableTotal += buffer.Length;
            }

            foreach (BufferSpec buffer in writable)
            {
                writableTotal += buffer.Length;
            }

            if (readableTotal + writableTotal > uint.MaxValue)
            {
                return QueueError.InvalidChain;
            }

            writableLength = (uint)writableTotal;
            return QueueError.None;
        }
    }
}
