namespace FsFreeze.Systems
{
    /// <summary>How a snapshot is taken: the three cases the seed compares.</summary>
    public enum SnapshotMode
    {
        /// <summary>virtio-fsfreeze: FREEZE through the device, then block and drain I/O, copy, THAW (QUIESCED, FF-HOST-4).</summary>
        FsFreeze,

        /// <summary>No driver loaded: the orchestrator only blocks and drains block I/O (IO_BLOCK_ONLY/NO_DRIVER).</summary>
        IoBlockOnly,

        /// <summary>No quiescing at all: the images are copied while the guest keeps writing.</summary>
        NoQuiesce,
    }
}
