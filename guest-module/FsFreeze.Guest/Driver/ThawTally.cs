using System.Collections.Generic;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Driver
{
    /// <summary>What one pass over the held superblocks thawed and what failed, in thaw order.</summary>
    internal sealed class ThawTally
    {
        public List<SuperBlock> Thawed { get; } = new();

        public List<(SuperBlock SuperBlock, Errno Error)> Failed { get; } = new();
    }
}
