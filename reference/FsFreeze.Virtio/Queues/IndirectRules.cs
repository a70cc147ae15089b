namespace FsFreeze.Virtio.Queues
{
    /// <summary>
    /// The rules for an indirect descriptor that the split and the packed ring share (virtio 1.4 "Indirect
    /// Descriptors" in "Split Virtqueues" and in "Packed Virtqueues"; spec FF-RING-10). Both formats use 16-byte
    /// descriptors in their tables, so a table's entry count is its length divided by 16.
    /// </summary>
    internal static class IndirectRules
    {
        /// <summary>Bytes of one entry of an indirect table, split (<c>virtq_desc</c>) or packed (<c>pvirtq_desc</c>).</summary>
        public const int TableEntrySize = 16;

        /// <summary>
        /// Checks an indirect descriptor: the feature negotiated, not inside a table, not with NEXT, a length that
        /// is a non-zero multiple of 16 (QEMU's rule), and no more entries than the Queue Size ("Message Framing":
        /// a chain is no longer than Queue Size, indirect tables included).
        /// </summary>
        public static QueueError Check(DescriptorFlags flags, uint length, bool inIndirect, bool indirectNegotiated, int queueSize)
        {
            if (!indirectNegotiated)
            {
                return QueueError.IndirectNotNegotiated;
            }

            if (inIndirect)
            {
                return QueueError.NestedIndirect;
            }

            if ((flags & DescriptorFlags.Next) != 0)
            {
                return QueueError.IndirectWithNext;
            }

            if (length == 0 || length % TableEntrySize != 0)
            {
                return QueueError.IndirectTableLengthInvalid;
            }

            return length / TableEntrySize > (uint)queueSize ? QueueError.ChainTooLong : QueueError.None;
        }
    }
}
