namespace FsFreeze.VhostUser.Protocol
{
    /// <summary>
    /// One memory region of SET_MEM_TABLE, 32 bytes: <c>u64 guest_phys_addr</c>, <c>u64 memory_size</c>,
    /// <c>u64 userspace_addr</c> (the front-end's address, used to translate ring addresses), <c>u64 mmap_offset</c>
    /// (where the region starts in its file descriptor).
    /// </summary>
    public readonly record struct MemoryRegionDescription(ulong GuestPhysicalAddress, ulong Size, ulong UserspaceAddress, ulong MmapOffset)
    {
        /// <summary>Bytes of one region description.</summary>
        public const int EncodedSize = 32;
    }
}
