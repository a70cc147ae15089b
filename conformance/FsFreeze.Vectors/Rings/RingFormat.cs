namespace FsFreeze.Vectors.Rings
{
    /// <summary>The ring format names written in a scenario's <c>config.format</c>.</summary>
    internal static class RingFormat
    {
        /// <summary>The split virtqueue.</summary>
        internal const string Split = "split";

        /// <summary>The packed virtqueue (VIRTIO_F_RING_PACKED).</summary>
        internal const string Packed = "packed";
    }
}
