using System;
using System.Runtime.InteropServices;

namespace FsFreeze.VhostUser.Native
{
    /// <summary>An owned Unix file descriptor (eventfd, memfd, pipe end, socket) closed exactly once.</summary>
    public sealed class FileDescriptor : SafeHandle
    {
        /// <summary>Takes ownership of <paramref name="fd"/>.</summary>
        public FileDescriptor(int fd)
            : base(new IntPtr(-1), ownsHandle: true)
        {
            SetHandle(new IntPtr(fd));
        }

        /// <summary>The descriptor number.</summary>
        public int Fd => (int)handle;

        /// <inheritdoc />
        public override bool IsInvalid => (int)handle < 0;

        /// <inheritdoc />
        protected override bool ReleaseHandle() => LibC.close((int)handle) == 0;

        /// <summary>Throws the last errno as an exception when <paramref name="result"/> is negative.</summary>
        internal static int Check(int result, string call)
        {
            if (result < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new VhostUserException($"{call} failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
            }

            return result;
        }
    }
}
