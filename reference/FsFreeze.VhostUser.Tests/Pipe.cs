using System;
using System.Runtime.InteropServices;
using FsFreeze.VhostUser.Native;

namespace FsFreeze.VhostUser.Tests
{
    /// <summary>A pipe, as virtio_uml uses for call notifications (SIGIO does not work on eventfds there).</summary>
    internal static unsafe partial class Pipe
    {
        /// <summary>Creates a close-on-exec, non-blocking pipe: (read end, write end).</summary>
        public static (FileDescriptor Read, FileDescriptor Write) Create()
        {
            int* fds = stackalloc int[2];
            if (pipe2(fds, 0x80000 | 0x800) != 0)
            {
                throw new InvalidOperationException($"pipe2 failed: errno {Marshal.GetLastPInvokeError()}");
            }

            return (new FileDescriptor(fds[0]), new FileDescriptor(fds[1]));
        }

        [LibraryImport("libc", SetLastError = true)]
        private static partial int pipe2(int* fds, int flags);
    }
}
