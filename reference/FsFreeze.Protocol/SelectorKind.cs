namespace FsFreeze.Protocol
{
    /// <summary><c>virtio_fsfreeze_selector.kind</c>, spec "Messages". Any other kind is INVALID (FF-DRV-11).</summary>
    public enum SelectorKind : ushort
    {
        /// <summary>DEVICE: a superblock's device number, payload le32 major, le32 minor (length 8).</summary>
        Device = 1,

        /// <summary>MOUNT_PATH: the superblock of the mount at an absolute UTF-8 path, 1 to 4096 bytes, no NUL.</summary>
        MountPath = 2,
    }
}
