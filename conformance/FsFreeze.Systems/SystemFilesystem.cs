using System;
using System.Collections.Generic;
using FsFreeze.Device.BlockLayer;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Systems
{
    /// <summary>
    /// One guest filesystem on one host virtual disk. It remembers, for copy-on-write types, which page-to-block map
    /// each committed generation's superblock points to (the model keeps that metadata in memory), so a copy of the
    /// disk can be decoded the way a fresh mount would: from the superblock in the copy.
    /// </summary>
    public sealed class SystemFilesystem
    {
        private readonly Dictionary<long, IReadOnlyDictionary<PageKey, long>> mapsByGeneration = new();

        internal SystemFilesystem(int index, string mountPath, VirtualDisk disk, HostDiskBackend backend, DiskDevice device, SuperBlock superBlock)
        {
            Index = index;
            MountPath = mountPath;
            Disk = disk;
            Backend = backend;
            Device = device;
            SuperBlock = superBlock;
            backend.Submitted = OnSubmitted;
        }

        /// <summary>Position in the system's list (and its disk's order in a snapshot).</summary>
        public int Index { get; }

        /// <summary>Where it is mounted.</summary>
        public string MountPath { get; }

        /// <summary>The host's virtual disk under it.</summary>
        public VirtualDisk Disk { get; }

        /// <summary>The block backend joining guest and host.</summary>
        public HostDiskBackend Backend { get; }

        /// <summary>The guest's block device.</summary>
        public DiskDevice Device { get; }

        /// <summary>The superblock.</summary>
        public SuperBlock SuperBlock { get; }

        /// <summary>The filesystem type.</summary>
        public FilesystemType Type => SuperBlock.Type;

        /// <summary>
        /// Decodes <paramref name="image"/> (a host copy of <see cref="Disk"/>) as a fresh mount of it would see it,
        /// through <see cref="VirtualFileSystem.DecodeImage"/>: journal state, consistency, and the file pages.
        /// </summary>
        public OnDiskImage Examine(byte[] image)
        {
            ArgumentNullException.ThrowIfNull(image);
            long? super = HostDiskBackend.ReadSlot(image, OnDiskLayout.SuperBlock);
            IReadOnlyDictionary<PageKey, long> map = Type.CopyOnWrite
                ? (super is long value && mapsByGeneration.TryGetValue(OnDiskLayout.Generation(value), out var committed) ? committed : new Dictionary<PageKey, long>())
                : VirtualFileSystem.PersistedBlockMap(SuperBlock);
            return VirtualFileSystem.DecodeImage(SuperBlock, block => HostDiskBackend.ReadSlot(image, block), map, new Dictionary<PageKey, long>());
        }

        /// <summary>
        /// A superblock write carries the generation whose tree it points to; for copy-on-write types note that
        /// generation's committed map now, while it is still the one in force.
        /// </summary>
        private void OnSubmitted(long block, long value)
        {
            if (block == OnDiskLayout.SuperBlock && Type.CopyOnWrite)
            {
                mapsByGeneration[OnDiskLayout.Generation(value)] = VirtualFileSystem.PersistedBlockMap(SuperBlock);
            }
        }
    }
}
