namespace FsFreeze.Benchmarks
{
    /// <summary>The virtqueue format a benchmark runs on.</summary>
    public enum RingFormat
    {
        /// <summary>Split virtqueue.</summary>
        Split,

        /// <summary>Packed virtqueue (VIRTIO_F_RING_PACKED).</summary>
        Packed,
    }
}
