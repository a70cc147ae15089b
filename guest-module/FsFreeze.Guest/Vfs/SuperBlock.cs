using System.Collections.Generic;
using FsFreeze.Guest.Filesystems;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// A superblock (struct super_block) with the state freeze works on: <c>s_writers</c> (level, per-level
    /// semaphores, kernel and userspace counts, owner), <c>s_umount</c>, <c>s_active</c>, and the data the model
    /// keeps for writeback and on-disk images. Change it only through <see cref="VirtualFileSystem"/>.
    /// </summary>
    public sealed class SuperBlock : IGuestSuperBlock
    {
        private readonly SimRwSemaphore[] writers;

        internal SuperBlock(int id, FilesystemType type, BlockDevice? device, DeviceNumber dev, bool readOnly)
        {
            Id = id;
            Type = type;
            Device = device;
            Dev = dev;
            ReadOnly = readOnly;
            string name = $"{type.Name}({dev})";
            Umount = new SimRwSemaphore(name + ".s_umount");

            // s_writers.rw_sem[level-1]: lockdep names "sb_writers", "sb_pagefaults", "sb_internal" (notes §1.2).
            writers = new[]
            {
                new SimRwSemaphore(name + ".sb_writers"),
                new SimRwSemaphore(name + ".sb_pagefaults"),
                new SimRwSemaphore(name + ".sb_internal"),
            };
            FrozenChanged = new WaitQueue(name + ".s_writers.frozen");
            Journal = type.Journaled ? new Journal() : null;
        }

        /// <summary>Creation order on the global list (1 = oldest).</summary>
        public int Id { get; }

        /// <summary>The filesystem type and its traits.</summary>
        public FilesystemType Type { get; }

        /// <summary>The block device (<c>s_bdev</c>), or null for pseudo and network filesystems.</summary>
        public BlockDevice? Device { get; }

        /// <summary><c>s_dev</c>: the device's number, or an anonymous 0:N.</summary>
        public DeviceNumber Dev { get; }

        /// <summary>SB_RDONLY.</summary>
        public bool ReadOnly { get; internal set; }

        /// <summary>SB_BORN: set up and visible to iteration.</summary>
        public bool Born { get; internal set; }

        /// <summary>SB_DYING: being shut down (last active reference dropped).</summary>
        public bool Dying { get; internal set; }

        /// <summary><c>s_active</c>: mounts, open references and the one reference all freezers share.</summary>
        public int ActiveReferences { get; internal set; }

        /// <summary><c>s_writers.frozen</c>.</summary>
        public FreezeLevel Frozen { get; internal set; }

        /// <summary><c>s_writers.freeze_kcount</c>: kernel holds.</summary>
        public int KernelFreezeCount { get; internal set; }

        /// <summary><c>s_writers.freeze_ucount</c>: userspace holds (FIFREEZE, block-device freezes).</summary>
        public int UserFreezeCount { get; internal set; }

        /// <summary><c>s_writers.freeze_owner</c> (6.16+): the owner of an exclusive kernel freeze, or null.</summary>
        public object? FreezeOwner { get; internal set; }

        /// <summary>True when frozen to SB_FREEZE_COMPLETE.</summary>
        public bool IsFrozen => Frozen == FreezeLevel.Complete;

        /// <summary>The page cache.</summary>
        public PageCache PageCache { get; } = new();

        /// <summary>The journal or log, for journaled types.</summary>
        public Journal? Journal { get; }

        /// <summary>Failures to inject into this superblock's callbacks.</summary>
        public FaultInjection Faults { get; } = new();

        /// <summary>Metadata updates begun and not finished (an in-place update is half done while this is non-zero).</summary>
        public int MetadataUpdatesInFlight { get; internal set; }

        /// <summary>The committed generation (btrfs transaction id; counts commits for the other types).</summary>
        public long Generation { get; internal set; }

        /// <summary>For types with a clean flag: the in-memory "not clean" state (set while mounted read-write).</summary>
        public bool NotClean { get; internal set; }

        internal SimRwSemaphore Umount { get; }

        internal WaitQueue FrozenChanged { get; }

        /// <summary>The page-to-block map the running filesystem uses.</summary>
        internal Dictionary<PageKey, long> BlockMap { get; } = new();

        /// <summary>The map as of the last commit: what a copy-on-write image shows (the live map for in-place types).</summary>
        internal Dictionary<PageKey, long> CommittedBlockMap { get; set; } = new();

        internal long NextBlock { get; set; } = OnDiskLayout.FirstDataBlock;

        /// <summary>The superblock block must be written by the next sync (a mount on a device that cannot write at once).</summary>
        internal bool SuperDirty { get; set; }

        /// <summary>Generation when btrfs_freeze committed, checked by btrfs_unfreeze.</summary>
        internal long GenerationAtFreeze { get; set; }

        internal SimRwSemaphore Level(WriterKind kind) => writers[(int)kind - 1];

        internal SimRwSemaphore Level(int index) => writers[index];

        /// <inheritdoc />
        string IGuestSuperBlock.TypeName => Type.Name;

        /// <inheritdoc />
        bool IGuestSuperBlock.OnBlockDevice => Type.HasBackingDevice && Device is not null;

        /// <inheritdoc />
        bool IGuestSuperBlock.TypeHasOwnFreeze => Type.HasOwnFreeze;

        /// <inheritdoc />
        bool IGuestSuperBlock.UserFrozen => UserFreezeCount > 0;

        /// <inheritdoc />
        public override string ToString() => $"{Type.Name}({Dev})";
    }
}
