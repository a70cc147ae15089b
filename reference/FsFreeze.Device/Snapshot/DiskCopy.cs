namespace FsFreeze.Device.Snapshot
{
    /// <summary>The copied image of one disk: its bytes, or for a copy kept as a file, the file (and no bytes).</summary>
    public sealed record DiskCopy(string DiskName, byte[] Image)
    {
        /// <summary>Where the copy was written when it is a file (an image copied on the host), else null.</summary>
        public string? ImagePath { get; init; }
    }
}
