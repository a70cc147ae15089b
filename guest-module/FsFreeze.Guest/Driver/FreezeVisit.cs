using FsFreeze.Guest.Filesystems;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;

namespace FsFreeze.Guest.Driver
{
    /// <summary>One superblock a FREEZE visited and what became of it, in visiting order (newest first).</summary>
    internal sealed class FreezeVisit
    {
        public FreezeVisit(IGuestSuperBlock superBlock, EntryResult result, Errno error = Errno.None)
        {
            SuperBlock = superBlock;
            Result = result;
            Error = error;
        }

        public IGuestSuperBlock SuperBlock { get; }

        public EntryResult Result { get; set; }

        public Errno Error { get; set; }
    }
}
