namespace FsFreeze.VhostUser.Native
{
    /// <summary>The size of the file behind a descriptor (lseek to the end), checked before mapping it.</summary>
    internal static class FileSize
    {
        /// <summary>The file's size in bytes, or -1 when it cannot be told (a pipe, a socket).</summary>
        public static long Of(FileDescriptor fd) => LibC.lseek(fd.Fd, 0, LibC.SeekEnd);
    }
}
