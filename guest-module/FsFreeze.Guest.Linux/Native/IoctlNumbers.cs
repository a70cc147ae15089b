namespace FsFreeze.Guest.Linux.Native
{
    /// <summary>
    /// ioctl request numbers as include/uapi/asm-generic/ioctl.h builds them: direction in bits 30-31, argument size
    /// in bits 16-29, type in bits 8-15, number in bits 0-7 (the generic layout, used by x86, arm64 and riscv; not
    /// by alpha, mips, powerpc or sparc, whose direction bits differ). A test compares them with &lt;linux/fs.h&gt;.
    /// </summary>
    public static class IoctlNumbers
    {
        /// <summary>_IOC_WRITE | _IOC_READ: the argument goes both ways.</summary>
        public const uint ReadWrite = 3;

        /// <summary>FIFREEZE, <c>_IOWR('X', 119, int)</c>: freeze the filesystem of the open file (fs/ioctl.c ioctl_fsfreeze).</summary>
        public static readonly uint FiFreeze = Iowr('X', 119, sizeof(int));

        /// <summary>FITHAW, <c>_IOWR('X', 120, int)</c>: thaw it (ioctl_fsthaw).</summary>
        public static readonly uint FiThaw = Iowr('X', 120, sizeof(int));

        /// <summary><c>_IOWR(type, nr, size)</c> with the generic layout.</summary>
        public static uint Iowr(char type, byte number, int size) => (ReadWrite << 30) | ((uint)size << 16) | ((uint)type << 8) | number;
    }
}
