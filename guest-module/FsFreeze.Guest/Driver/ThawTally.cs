using System.Collections.Generic;
using FsFreeze.Guest.Filesystems;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Driver
{
    /// <summary>What one pass over the held superblocks thawed and what failed, in thaw order.</summary>
    internal sealed class ThawTally
    {
        public List<IGuestSuperBlock> Thawed { get; } = new();

        public List<(IGuestSuperBlock SuperBlock, Errno Error)> Failed { get; } = new();
    }
}
