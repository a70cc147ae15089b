using System.Runtime.InteropServices;

namespace FsFreeze.Guest.Linux.Native
{
    /// <summary>The three libc calls the backend makes. Errors come back through <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    internal static partial class LibC
    {
        /// <summary>O_RDONLY.</summary>
        public const int ReadOnly = 0;

        /// <summary>O_CLOEXEC (asm-generic/fcntl.h; x86 and arm64 share it, unlike O_DIRECTORY, which is why that flag is not used).</summary>
        public const int CloseOnExec = 0x80000;

        /// <summary>open(2).</summary>
        [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        public static partial int Open(string path, int flags);

        /// <summary>
        /// ioctl(2) with an int argument. ioctl is variadic in C; an integer argument is passed in the same register
        /// as a fixed argument on the 64-bit ABIs this runs on, so a fixed three-argument import is exact.
        /// </summary>
        [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
        public static partial int Ioctl(int fd, nuint request, nint argument);

        /// <summary>close(2).</summary>
        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        public static partial int Close(int fd);
    }
}
