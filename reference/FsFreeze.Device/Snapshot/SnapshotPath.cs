namespace FsFreeze.Device.Snapshot
{
    /// <summary>Which path a snapshot took (FF-HOST-4).</summary>
    public enum SnapshotPath
    {
        /// <summary>The guest froze its filesystems and block I/O was blocked and drained: an application-consistent image.</summary>
        Quiesced,

        /// <summary>Only block I/O was blocked and drained: a crash-consistent image; <see cref="SnapshotResult.Reason"/> says why.</summary>
        IoBlockOnly,
    }
}
