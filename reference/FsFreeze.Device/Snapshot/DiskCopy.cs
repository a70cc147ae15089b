namespace FsFreeze.Device.Snapshot
{
    /// <summary>The copied image of one virtual disk.</summary>
    public sealed record DiskCopy(string DiskName, byte[] Image);
}
