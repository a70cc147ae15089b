using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Linux.Native
{
    /// <summary>The freeze and thaw system calls on a mount point; the real one is <see cref="FreezeIoctl"/>.</summary>
    public interface IFreezeIoctl
    {
        /// <summary>FIFREEZE on an O_RDONLY descriptor of <paramref name="mountPoint"/>: <see cref="Errno.None"/> or the errno.</summary>
        Errno Freeze(string mountPoint);

        /// <summary>FITHAW on an O_RDONLY descriptor of <paramref name="mountPoint"/>: <see cref="Errno.None"/> or the errno.</summary>
        Errno Thaw(string mountPoint);
    }
}
