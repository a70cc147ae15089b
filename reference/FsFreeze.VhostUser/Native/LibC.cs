using System.Runtime.InteropServices;

namespace FsFreeze.VhostUser.Native
{
    /// <summary>
    /// The libc calls vhost-user needs and .NET does not expose: sendmsg/recvmsg with SCM_RIGHTS (dotnet/runtime#932),
    /// memfd_create, mmap, eventfd, poll. Linux x86-64 and arm64 layouts (LP64).
    /// </summary>
    internal static unsafe partial class LibC
    {
        private const string Library = "libc";

        public const int SolSocket = 1;
        public const int ScmRights = 1;
        public const int MsgCmsgCloexec = 0x4000_0000;
        public const int MsgNoSignal = 0x4000;
        public const int MsgCtrunc = 0x8;
        public const int MsgDontwait = 0x40;
        public const short PollIn = 0x1;
        public const short PollErr = 0x8;
        public const short PollHup = 0x10;
        public const short PollNval = 0x20;
        public const int ProtRead = 0x1;
        public const int ProtWrite = 0x2;
        public const int MapShared = 0x1;
        public const uint MfdCloexec = 0x1;
        public const int EfdCloexec = 0x80000;
        public const int EfdNonblock = 0x800;
        public const int Eintr = 4;
        public const int Eagain = 11;
        public const int SeekEnd = 2;
        public const int AfUnix = 1;
        public const int SockStream = 1;
        public const int SockCloexec = 0x80000;

        [LibraryImport(Library, SetLastError = true)]
        public static partial nint sendmsg(int fd, MsgHdr* msg, int flags);

        [LibraryImport(Library, SetLastError = true)]
        public static partial nint recvmsg(int fd, MsgHdr* msg, int flags);

        [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int memfd_create(string name, uint flags);

        [LibraryImport(Library, SetLastError = true)]
        public static partial int ftruncate(int fd, long length);

        [LibraryImport(Library, SetLastError = true)]
        public static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

        [LibraryImport(Library, SetLastError = true)]
        public static partial int munmap(void* address, nuint length);

        [LibraryImport(Library, SetLastError = true)]
        public static partial int eventfd(uint initialValue, int flags);

        [LibraryImport(Library, SetLastError = true)]
        public static partial nint read(int fd, void* buffer, nuint count);

        [LibraryImport(Library, SetLastError = true)]
        public static partial nint write(int fd, void* buffer, nuint count);

        [LibraryImport(Library, SetLastError = true)]
        public static partial int close(int fd);

        [LibraryImport(Library, SetLastError = true)]
        public static partial long lseek(int fd, long offset, int whence);

        [LibraryImport(Library, SetLastError = true)]
        public static partial int poll(PollFd* fds, nuint count, int timeoutMs);

        [LibraryImport(Library, SetLastError = true)]
        public static partial int socketpair(int domain, int type, int protocol, int* fds);

        /// <summary>struct iovec.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct IoVec
        {
            public void* Base;
            public nuint Length;
        }

        /// <summary>struct msghdr (LP64: 56 bytes).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct MsgHdr
        {
            public void* Name;
            public uint NameLength;
            public IoVec* Iov;
            public nuint IovLength;
            public void* Control;
            public nuint ControlLength;
            public int Flags;
        }

        /// <summary>struct pollfd.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct PollFd
        {
            public int Fd;
            public short Events;
            public short ReturnedEvents;
        }
    }
}
