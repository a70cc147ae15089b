using System;
using System.Runtime.InteropServices;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Linux.Native
{
    /// <summary>
    /// FIFREEZE and FITHAW through libc: open the mount point O_RDONLY|O_CLOEXEC, ioctl, close. The errno
    /// of whichever call failed is the answer, mapped onto the model's <see cref="Errno"/> (its values are Linux's, so
    /// an errno the model does not name keeps its number). Both calls block while the kernel works (a freeze syncs
    /// the filesystem), and a freeze blocks for as long as writeback takes; nothing here waits on anything else.
    /// </summary>
    public sealed class FreezeIoctl : IFreezeIoctl
    {
        /// <inheritdoc />
        public Errno Freeze(string mountPoint) => Call(mountPoint, IoctlNumbers.FiFreeze);

        /// <inheritdoc />
        public Errno Thaw(string mountPoint) => Call(mountPoint, IoctlNumbers.FiThaw);

        private static Errno Call(string mountPoint, uint request)
        {
            ArgumentNullException.ThrowIfNull(mountPoint);
            if (!OperatingSystem.IsLinux())
            {
                return Errno.EOPNOTSUPP;
            }

            int fd = LibC.Open(mountPoint, LibC.ReadOnly | LibC.CloseOnExec);
            if (fd < 0)
            {
                return (Errno)Marshal.GetLastPInvokeError();
            }

            try
            {
                return LibC.Ioctl(fd, request, 0) == 0 ? Errno.None : (Errno)Marshal.GetLastPInvokeError();
            }
            finally
            {
                _ = LibC.Close(fd);
            }
        }
    }
}
