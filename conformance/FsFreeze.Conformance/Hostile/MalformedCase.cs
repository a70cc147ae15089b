using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.Hostile
{
    /// <summary>
    /// The malformed split available-ring states of the core (spec "Virtqueues: the split ring", the device-end half
    /// of <see cref="QueueError"/>) that one new chain can produce, plus the replyq rule of FF-DEV-9. The whole-VM runs
    /// write one of them into replyq behind the driver's back and notify: the device must enter DEVICE_NEEDS_RESET at
    /// that notify with the fault named by <see cref="MalformedCases.Expected"/>, and nowhere else. The one-queue runs
    /// inject them between honest chains, with and without VIRTIO_F_INDIRECT_DESC. (Two more states need chains the
    /// device holds, HeadAlreadyInFlight and TooManyInFlight, and a third more than 4 GiB of guest memory,
    /// ChainLengthOverflow; their named tests are in Rings/Split.)
    /// </summary>
    public enum MalformedCase
    {
        /// <summary>FF-RING-5: the available index jumps more than Queue Size ahead.</summary>
        AvailableIndexJump,

        /// <summary>FF-RING-6: a head index at or above Queue Size.</summary>
        HeadIndexOutOfRange,

        /// <summary>FF-RING-7: a <c>next</c> at or above Queue Size.</summary>
        NextIndexOutOfRange,

        /// <summary>FF-RING-8: a descriptor chained to itself.</summary>
        ChainLoop,

        /// <summary>FF-RING-9: a device-readable descriptor after a device-writable one.</summary>
        ReadableAfterWritable,

        /// <summary>FF-RING-10: INDIRECT without VIRTIO_F_INDIRECT_DESC.</summary>
        IndirectNotNegotiated,

        /// <summary>FF-RING-10: an indirect table whose length is not a multiple of 16.</summary>
        IndirectTableLengthInvalid,

        /// <summary>FF-RING-10: an indirect table holding another indirect descriptor.</summary>
        NestedIndirect,

        /// <summary>FF-RING-10: INDIRECT and NEXT on one descriptor.</summary>
        IndirectWithNext,

        /// <summary>FF-RING-11: a buffer of length zero.</summary>
        ZeroLengthBuffer,

        /// <summary>FF-RING-12: a buffer past the end of guest memory.</summary>
        BufferPastGuestMemory,

        /// <summary>FF-RING-12: a buffer whose range wraps the 64-bit space.</summary>
        BufferWrapsAddressSpace,

        /// <summary>FF-DEV-9: a well-formed replyq chain with a device-writable buffer.</summary>
        WritableReplyChain,
    }

    /// <summary>What each <see cref="MalformedCase"/> must produce.</summary>
    public static class MalformedCases
    {
        /// <summary>
        /// The fault the transport must record: a ring error on replyq (queue 1), or, for FF-DEV-9, the device's own
        /// unrecoverable error (queue -1, no ring error). With VIRTIO_F_INDIRECT_DESC negotiated the
        /// <see cref="MalformedCase.IndirectNotNegotiated"/> chain is well formed: no ring error.
        /// </summary>
        public static (int Queue, QueueError Error) Expected(MalformedCase @case, bool indirectNegotiated = false) => @case switch
        {
            MalformedCase.IndirectTableLengthInvalid or MalformedCase.NestedIndirect or MalformedCase.IndirectWithNext or MalformedCase.IndirectNotNegotiated when !indirectNegotiated
                => (1, QueueError.IndirectNotNegotiated),
            MalformedCase.IndirectTableLengthInvalid => (1, QueueError.IndirectTableLengthInvalid),
            MalformedCase.NestedIndirect => (1, QueueError.NestedIndirect),
            MalformedCase.IndirectWithNext => (1, QueueError.IndirectWithNext),
            MalformedCase.AvailableIndexJump => (1, QueueError.AvailableIndexJump),
            MalformedCase.HeadIndexOutOfRange => (1, QueueError.HeadIndexOutOfRange),
            MalformedCase.NextIndexOutOfRange => (1, QueueError.NextIndexOutOfRange),
            MalformedCase.ChainLoop => (1, QueueError.ChainLoop),
            MalformedCase.ReadableAfterWritable => (1, QueueError.ReadableAfterWritable),
            MalformedCase.IndirectNotNegotiated => (1, QueueError.None), // with the feature, a well-formed indirect chain
            MalformedCase.ZeroLengthBuffer => (1, QueueError.ZeroLengthBuffer),
            MalformedCase.BufferPastGuestMemory or MalformedCase.BufferWrapsAddressSpace => (1, QueueError.BufferOutsideGuestMemory),
            _ => (-1, QueueError.None),
        };

        /// <summary>The requirement each case exercises.</summary>
        public static string Requirement(MalformedCase @case) => @case switch
        {
            MalformedCase.AvailableIndexJump => "FF-RING-5",
            MalformedCase.HeadIndexOutOfRange => "FF-RING-6",
            MalformedCase.NextIndexOutOfRange => "FF-RING-7",
            MalformedCase.ChainLoop => "FF-RING-8",
            MalformedCase.ReadableAfterWritable => "FF-RING-9",
            MalformedCase.IndirectNotNegotiated or MalformedCase.IndirectTableLengthInvalid or MalformedCase.NestedIndirect or MalformedCase.IndirectWithNext => "FF-RING-10",
            MalformedCase.ZeroLengthBuffer => "FF-RING-11",
            MalformedCase.BufferPastGuestMemory or MalformedCase.BufferWrapsAddressSpace => "FF-RING-12",
            _ => "FF-DEV-9",
        };
    }
}
