using System.Collections.Generic;
using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Filesystems
{
    /// <summary>
    /// The guest module's filesystem interface: everything the driver needs from the kernel it runs in, and nothing
    /// more. Walk the superblocks newest first (FF-DRV-15), each once however many mounts show it (FF-DRV-16); find
    /// the superblock of a mount path (SELECTIVE, FF-DRV-18); freeze_super and thaw_super with a holder, answering
    /// an errno rather than throwing; and how many holds a holder has, because a 6.8+ thaw that drops one hold of
    /// several still answers EINVAL (notes §1.4). Implemented by the VFS model
    /// (<see cref="VirtualFileSystem"/>) and by the real Linux backend (FsFreeze.Guest.Linux).
    /// </summary>
    /// <remarks>
    /// Calls that may sleep return a <see cref="SimOperation{TResult}"/> run on <see cref="Scheduler"/>. The model
    /// sleeps in virtual time; a backend whose calls complete synchronously (a real ioctl) returns an operation that
    /// completes on its first step without yielding, which the driver's task model runs unchanged.
    /// </remarks>
    public interface IGuestFilesystems
    {
        /// <summary>The scheduler that runs the driver's tasks and timers.</summary>
        Scheduler Scheduler { get; }

        /// <summary>
        /// The superblocks the driver may consider, newest first, each once, each with a reference taken that the
        /// caller releases. The caller freezes after the walk, never inside it (notes §1.7).
        /// </summary>
        IReadOnlyList<ISuperBlockReference> GrabSuperBlocksNewestFirst();

        /// <summary>The superblock of the mount at <paramref name="mountPath"/>, or null when no mount is there.</summary>
        IGuestSuperBlock? SuperBlockAt(string mountPath);

        /// <summary>freeze_super(<paramref name="superBlock"/>, <paramref name="who"/>): <see cref="Errno.None"/> once it is at SB_FREEZE_COMPLETE, else the errno.</summary>
        SimOperation<Errno> FreezeSuper(IGuestSuperBlock superBlock, FreezeHolder who);

        /// <summary>thaw_super(<paramref name="superBlock"/>, <paramref name="who"/>): <see cref="Errno.None"/> or the errno.</summary>
        SimOperation<Errno> ThawSuper(IGuestSuperBlock superBlock, FreezeHolder who);

        /// <summary>How many freezes <paramref name="who"/> holds on <paramref name="superBlock"/> now (freeze_kcount or freeze_ucount).</summary>
        int FreezeCount(IGuestSuperBlock superBlock, FreezeHolder who);
    }
}
