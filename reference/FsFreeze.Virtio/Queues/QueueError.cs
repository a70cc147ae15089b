namespace FsFreeze.Virtio.Queues
{
    /// <summary>
    /// Why a virtqueue operation refused its input. Device-end errors are the driver breaking a rule of the spec;
    /// the transport answers them with DEVICE_NEEDS_RESET (virtio 1.4 "Device Status Field"), as QEMU's
    /// <c>virtio_error</c> does. Driver-end errors are a device breaking a rule; the driver refuses the completion.
    /// Errors are values, never exceptions: the other side of a ring is untrusted.
    /// </summary>
    public enum QueueError
    {
        /// <summary>No error.</summary>
        None = 0,

        // ---- queue setup (both ends) ----

        /// <summary>Queue size is 0, above the maximum, or (split ring) not a power of two.</summary>
        InvalidQueueSize,

        /// <summary>A ring area is not aligned as the spec requires (descriptors 16, split available 2, split used 4, packed event areas 4).</summary>
        MisalignedRing,

        /// <summary>A ring area does not lie inside guest memory.</summary>
        RingOutsideGuestMemory,

        /// <summary>The negotiated ring format has no implementation in this build (see <see cref="DeviceQueueFactory"/>).</summary>
        RingFormatNotSupported,

        // ---- device end: a malformed available ring or chain ----

        /// <summary>The available index moved ahead of the last seen one by more than the queue size (QEMU: "Guest moved used index").</summary>
        AvailableIndexJump,

        /// <summary>An available-ring entry names a head descriptor index at or above the queue size.</summary>
        HeadIndexOutOfRange,

        /// <summary>The available ring names a head the device still holds: two chains would share descriptors.</summary>
        HeadAlreadyInFlight,

        /// <summary>A descriptor's <c>next</c> is at or above the queue size (or the indirect table length).</summary>
        NextIndexOutOfRange,

        /// <summary>A chain visits more descriptors than the queue size (or the indirect table holds): a loop.</summary>
        ChainLoop,

        /// <summary>A device-readable descriptor follows a device-writable one.</summary>
        ReadableAfterWritable,

        /// <summary>An indirect descriptor's length is zero or not a multiple of 16.</summary>
        IndirectTableLengthInvalid,

        /// <summary>An indirect table holds another indirect descriptor.</summary>
        NestedIndirect,

        /// <summary>A descriptor sets both INDIRECT and NEXT.</summary>
        IndirectWithNext,

        /// <summary>INDIRECT used although VIRTIO_F_INDIRECT_DESC was not negotiated.</summary>
        IndirectNotNegotiated,

        /// <summary>A buffer of length zero (QEMU rejects them since CVE-2016-6490).</summary>
        ZeroLengthBuffer,

        /// <summary>A buffer's address range overflows 64 bits or leaves guest memory.</summary>
        BufferOutsideGuestMemory,

        /// <summary>The chain's total length exceeds 2^32 - 1 bytes.</summary>
        ChainLengthOverflow,

        /// <summary>The chain has more buffers than the caller's storage, or more than the queue size.</summary>
        ChainTooLong,

        /// <summary>More chains are in flight than the queue size (QEMU: "Virtqueue size exceeded").</summary>
        TooManyInFlight,

        /// <summary>The device tried to use a head index that is not in flight (a bug in the device model).</summary>
        UsedHeadNotInFlight,

        // ---- driver end: a malformed used ring ----

        /// <summary>A used element's id is at or above the queue size.</summary>
        UsedIdOutOfRange,

        /// <summary>A used element's id is not the head (or buffer ID) of a chain in flight.</summary>
        UsedIdNotInFlight,

        /// <summary>A used element's length exceeds the writable space of its chain.</summary>
        UsedLengthTooLarge,

        /// <summary>The used index moved ahead by more than the number of chains in flight.</summary>
        UsedIndexJump,

        // ---- driver end: caller errors reported as values ----

        /// <summary>Not enough free descriptors (or buffer IDs) to add the chain.</summary>
        QueueFull,

        /// <summary>A chain with no buffers, or one the driver end was asked to build against the spec.</summary>
        InvalidChain,
    }
}
