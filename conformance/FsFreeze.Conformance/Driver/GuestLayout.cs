using System;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Conformance.Driver
{
    /// <summary>
    /// A random guest VFS layout for the driver properties: a block-backed root, then disks of every block type in
    /// the <see cref="FilesystemTypes"/> catalogue (some read-only), pseudo, network and FUSE filesystems, bind
    /// mounts, and filesystems stacked on loop images that live on other filesystems (stacks can nest).
    /// </summary>
    public sealed class GuestLayout
    {
        private static readonly FilesystemType[] BlockTypes =
        {
            FilesystemTypes.Ext4, FilesystemTypes.Xfs, FilesystemTypes.Btrfs, FilesystemTypes.Ext2, FilesystemTypes.Vfat, FilesystemTypes.Msdos,
        };

        private static readonly FilesystemType[] OtherTypes =
        {
            FilesystemTypes.Tmpfs, FilesystemTypes.Proc, FilesystemTypes.Sysfs, FilesystemTypes.Devtmpfs, FilesystemTypes.Cgroup2,
            FilesystemTypes.Overlay, FilesystemTypes.Nfs, FilesystemTypes.Fuse, FilesystemTypes.Virtiofs,
        };

        private readonly List<(SuperBlock Upper, SuperBlock Lower)> stacks = new();
        private readonly List<SuperBlock> bindMounted = new();
        private readonly List<string> writablePaths = new();
        private bool noDeviceCheckOnLoop;

        private GuestLayout(DriverHarness harness)
        {
            Harness = harness;
        }

        /// <summary>The harness the layout was built in.</summary>
        public DriverHarness Harness { get; }

        /// <summary>Each filesystem on a loop device with the filesystem holding its image.</summary>
        public IReadOnlyList<(SuperBlock Upper, SuperBlock Lower)> Stacks => stacks;

        /// <summary>Superblocks shown by more than one mount.</summary>
        public IReadOnlyList<SuperBlock> BindMounted => bindMounted;

        /// <summary>Mount points whose mount and superblock are both writable (where writers may write).</summary>
        public IReadOnlyList<string> WritablePaths => writablePaths;

        /// <summary>Builds a layout of 1 to <paramref name="maxMounts"/> mounts in <paramref name="harness"/>.</summary>
        /// <param name="harness">Where to build.</param>
        /// <param name="random">The case's randomness.</param>
        /// <param name="maxMounts">At most this many mounts.</param>
        /// <param name="noDeviceCheckOnLoop">
        /// Never stack a type whose unfreeze checks its device (btrfs) on a loop device: the model's btrfs_unfreeze
        /// reads the image as persisted on the lower disk, so rolling it back before the lower was synced fails.
        /// </param>
        public static GuestLayout Build(DriverHarness harness, Random random, int maxMounts = 7, bool noDeviceCheckOnLoop = false)
        {
            ArgumentNullException.ThrowIfNull(harness);
            ArgumentNullException.ThrowIfNull(random);
            var layout = new GuestLayout(harness) { noDeviceCheckOnLoop = noDeviceCheckOnLoop };
            layout.Add(harness.Mount(BlockTypes[random.Next(3)], "/"), "/");
            int count = random.Next(1, maxMounts + 1);
            for (int i = 1; i < count; i++)
            {
                string path = "/m" + i;
                switch (random.Next(5))
                {
                    case 0:
                        layout.Add(harness.Mount(OtherTypes[random.Next(OtherTypes.Length)], path), path);
                        break;
                    case 1:
                        layout.AddBind(random, path);
                        break;
                    case 2:
                        layout.AddStacked(random, path);
                        break;
                    default:
                        bool readOnly = random.Next(4) == 0;
                        layout.Add(harness.Mount(BlockTypes[random.Next(BlockTypes.Length)], path, readOnly), path);
                        break;
                }
            }

            return layout;
        }

        private void Add(SuperBlock sb, string path)
        {
            Mount mount = Harness.Vfs.FindMount(path)!;
            if (!sb.ReadOnly && !mount.ReadOnly)
            {
                writablePaths.Add(path);
            }
        }

        private void AddBind(Random random, string path)
        {
            Mount source = Harness.Vfs.Mounts[random.Next(Harness.Vfs.Mounts.Count)];
            string from = source.Path == "/" ? "/srv" : source.Path + "/sub";
            (Errno error, Mount? mount) = Harness.Vfs.BindMount(from, path);
            if (error == Errno.None && !bindMounted.Contains(mount!.SuperBlock))
            {
                bindMounted.Add(mount.SuperBlock);
            }
        }

        /// <summary>A block filesystem on a loop device whose image is a file on a writable block-backed filesystem.</summary>
        private void AddStacked(Random random, string path)
        {
            string[] candidates = writablePaths.Where(p => Harness.Vfs.FindMount(p)!.SuperBlock.Device is not null).ToArray();
            string under = candidates[random.Next(candidates.Length)];
            (Errno error, LoopDevice? loop) = Harness.Vfs.AttachLoop((under == "/" ? string.Empty : under) + "/image" + path.TrimStart('/'));
            if (error != Errno.None)
            {
                return;
            }

            FilesystemType[] types = BlockTypes.Where(t => !(noDeviceCheckOnLoop && t.ChecksDeviceOnUnfreeze)).ToArray();
            FilesystemType type = types[random.Next(types.Length)];
            (Errno mounted, Mount? mount) = Harness.Vfs.Mount(type, loop, path);
            if (mounted == Errno.None)
            {
                stacks.Add((mount!.SuperBlock, loop!.Backing));
                Add(mount.SuperBlock, path);
            }
        }
    }
}
