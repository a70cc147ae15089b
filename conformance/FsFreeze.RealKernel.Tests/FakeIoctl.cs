using System.Collections.Generic;
using FsFreeze.Guest.Linux.Native;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.RealKernel.Tests
{
    /// <summary>FIFREEZE/FITHAW as the kernel answers them for a userspace holder, per path, with failures to inject.</summary>
    internal sealed class FakeIoctl : IFreezeIoctl
    {
        private readonly HashSet<string> frozen = new();

        public List<string> Calls { get; } = new();

        public Dictionary<string, Errno> FailFreeze { get; } = new();

        public Errno Freeze(string mountPoint)
        {
            Calls.Add("freeze " + mountPoint);
            if (FailFreeze.TryGetValue(mountPoint, out Errno error))
            {
                return error;
            }

            return frozen.Add(mountPoint) ? Errno.None : Errno.EBUSY;
        }

        public Errno Thaw(string mountPoint)
        {
            Calls.Add("thaw " + mountPoint);
            return frozen.Remove(mountPoint) ? Errno.None : Errno.EINVAL;
        }
    }
}
