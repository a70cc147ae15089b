namespace FsFreeze.VhostUser.Native
{
    /// <summary>memfd_create(2) + ftruncate(2): anonymous shared memory a front-end passes with SET_MEM_TABLE.</summary>
    public static class MemFd
    {
        /// <summary>Creates a close-on-exec memfd of <paramref name="size"/> zero bytes.</summary>
        public static FileDescriptor Create(string name, long size)
        {
            var fd = new FileDescriptor(FileDescriptor.Check(LibC.memfd_create(name, LibC.MfdCloexec), "memfd_create"));
            if (LibC.ftruncate(fd.Fd, size) != 0)
            {
                fd.Dispose();
                FileDescriptor.Check(-1, "ftruncate");
            }

            return fd;
        }
    }
}
