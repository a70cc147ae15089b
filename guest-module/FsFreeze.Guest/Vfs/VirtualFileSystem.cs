using System;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Guest.Filesystems;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// The VFS model: the global superblock list (<c>super_blocks</c>, creation order), the mount table, devices,
    /// and the freeze/thaw, write and writeback paths (the other parts of this partial class). Every call that can
    /// sleep is a <see cref="SimOperation{TResult}"/> run by the <see cref="Scheduler"/>.
    /// </summary>
    public sealed partial class VirtualFileSystem : IGuestFilesystems
    {
        private readonly List<SuperBlock> superBlocks = new();
        private readonly List<Mount> mounts = new();
        private readonly Dictionary<BlockDevice, SuperBlock> byDevice = new();
        private int nextSuperId = 1;
        private int nextMountId = 1;
        private uint nextAnonymousMinor = 20;
        private uint nextLoopMinor;

        /// <summary>Creates an empty VFS on <paramref name="scheduler"/>.</summary>
        public VirtualFileSystem(Scheduler scheduler)
        {
            Scheduler = scheduler;
        }

        /// <summary>The scheduler every sleeping call runs on.</summary>
        public Scheduler Scheduler { get; }

        /// <summary>Live superblocks, oldest first (sget_fc appends with list_add_tail, notes §1.7).</summary>
        public IReadOnlyList<SuperBlock> SuperBlocks => superBlocks;

        /// <summary>
        /// Told of every freeze_super and thaw_super call when it starts, in call order; null (the default) tells no
        /// one. Lets a test check the order a driver freezes and thaws in (FF-DRV-15, FF-DRV-16, FF-DRV-24).
        /// </summary>
        public System.Action<FreezeCall>? CallObserver { get; set; }

        /// <summary>Mounts in mount order.</summary>
        public IReadOnlyList<Mount> Mounts => mounts;

        /// <summary>Adds a disk.</summary>
        public DiskDevice AddDisk(string name, uint major, uint minor)
        {
            var disk = new DiskDevice(name, new DeviceNumber(major, minor));
            Scheduler.Log($"disk {disk}");
            return disk;
        }

        /// <summary>Adds a disk whose blocks live in <paramref name="backend"/> (for example the host's virtual disk).</summary>
        public DiskDevice AddDisk(string name, uint major, uint minor, IBlockBackend backend)
        {
            var disk = new DiskDevice(name, new DeviceNumber(major, minor), backend);
            Scheduler.Log($"disk {disk} (backend)");
            return disk;
        }

        /// <summary>
        /// Mounts <paramref name="type"/> at <paramref name="path"/>. A device that already has a superblock reuses it
        /// (sget: same device mounted twice, btrfs subvolumes); otherwise a new superblock is appended to the global
        /// list. Pseudo and network types take <paramref name="device"/> null and get an anonymous device number.
        /// </summary>
        public (Errno Error, Mount? Mount) Mount(FilesystemType type, BlockDevice? device, string path, MountOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(type);
            options ??= MountOptions.Default;
            if (type.HasBackingDevice != (device is not null) || mounts.Any(m => m.Path == path))
            {
                return (Errno.EINVAL, null);
            }

            if (device is null || !byDevice.TryGetValue(device, out SuperBlock? sb))
            {
                DeviceNumber dev = device is null || type.AnonymousDevice ? new DeviceNumber(0, nextAnonymousMinor++) : device.Number;
                sb = new SuperBlock(nextSuperId++, type, device, dev, options.ReadOnly);
                superBlocks.Add(sb);
                if (device is not null)
                {
                    byDevice[device] = sb;
                }

                FillSuper(sb);
            }
            else if (sb.Type != type)
            {
                return (Errno.EBUSY, null);
            }

            sb.ActiveReferences++;
            string root = options.Subvolume is null ? "/" : "/" + options.Subvolume.Trim('/');
            var mount = new Mount(nextMountId++, path, sb, root, options.ReadOnly);
            mounts.Add(mount);
            Scheduler.Log($"mount {sb} at {path} root {root}{(options.ReadOnly ? " ro" : string.Empty)}");
            return (Errno.None, mount);
        }

        /// <summary>A bind mount of <paramref name="source"/> (a path inside a mount) at <paramref name="target"/>: same superblock.</summary>
        public (Errno Error, Mount? Mount) BindMount(string source, string target)
        {
            (Mount? from, string file) = Resolve(source);
            if (from is null || mounts.Any(m => m.Path == target))
            {
                return (from is null ? Errno.ENOENT : Errno.EINVAL, null);
            }

            from.SuperBlock.ActiveReferences++;
            var mount = new Mount(nextMountId++, target, from.SuperBlock, file, from.ReadOnly);
            mounts.Add(mount);
            Scheduler.Log($"bind {source} at {target} ({from.SuperBlock})");
            return (Errno.None, mount);
        }

        /// <summary>
        /// Detaches the mount at <paramref name="path"/> (lazily: the superblock lives while anything holds an active
        /// reference; a frozen superblock stays alive and frozen, held by its freezers' reference, notes §1.4).
        /// </summary>
        public Errno Unmount(string path)
        {
            Mount? mount = mounts.FirstOrDefault(m => m.Path == path);
            if (mount is null)
            {
                return Errno.EINVAL;
            }

            mounts.Remove(mount);
            Scheduler.Log($"umount {path}");
            Deactivate(mount.SuperBlock);
            return Errno.None;
        }

        /// <summary>Sets up a loop device on the file at <paramref name="imagePath"/> (the open file pins its superblock).</summary>
        public (Errno Error, LoopDevice? Device) AttachLoop(string imagePath)
        {
            (Mount? mount, string file) = Resolve(imagePath);
            if (mount is null)
            {
                return (Errno.ENOENT, null);
            }

            mount.SuperBlock.ActiveReferences++;
            var loop = new LoopDevice(this, new DeviceNumber(DeviceNumber.LoopMajor, nextLoopMinor++), mount.SuperBlock, file);
            Scheduler.Log($"losetup {loop} on {mount.SuperBlock}:{file}");
            return (Errno.None, loop);
        }

        /// <summary>The mount whose path is exactly <paramref name="path"/>.</summary>
        public Mount? FindMount(string path) => mounts.LastOrDefault(m => m.Path == path);

        /// <summary>The mount containing <paramref name="path"/> (longest mount-point prefix) and the path inside its filesystem.</summary>
        public (Mount? Mount, string File) Resolve(string path)
        {
            ArgumentNullException.ThrowIfNull(path);
            Mount? best = null;
            foreach (Mount m in mounts)
            {
                bool contains = path == m.Path || (m.Path == "/" ? path.StartsWith('/') : path.StartsWith(m.Path + "/", StringComparison.Ordinal));
                if (contains && (best is null || m.Path.Length >= best.Path.Length))
                {
                    best = m;
                }
            }

            if (best is null)
            {
                return (null, string.Empty);
            }

            string rest = path.Length > best.Path.Length && best.Path != "/" ? path[best.Path.Length..] : (best.Path == "/" ? path : string.Empty);
            string root = best.Root == "/" ? string.Empty : best.Root;
            string file = root + (rest.Length == 0 ? "/" : rest);
            return (best, file);
        }

        /// <summary>
        /// deactivate_super: drops an active reference; the last one shuts the superblock down (SB_DYING, off the
        /// global list, a final writeback).
        /// </summary>
        internal void Deactivate(SuperBlock sb)
        {
            sb.ActiveReferences--;
            if (sb.ActiveReferences > 0 || sb.Dying)
            {
                return;
            }

            sb.Dying = true;
            superBlocks.Remove(sb);
            if (sb.Device is not null)
            {
                byDevice.Remove(sb.Device);
            }

            Scheduler.Log($"kill_sb {sb}");
            Scheduler.Spawn($"kill_sb {sb}", SyncFilesystem(sb));
        }

        /// <summary>fill_super: the mount-time state of a new superblock, then SB_BORN.</summary>
        private void FillSuper(SuperBlock sb)
        {
            if (!sb.ReadOnly)
            {
                // ext4 marks its journal in use (needs_recovery) at a read-write mount; an xfs log stays as the last
                // unmount left it until its first checkpoint (DelayedLogging). ext2 and FAT clear their clean flag.
                if (sb.Journal is not null)
                {
                    sb.Journal.NeedsRecovery = !sb.Type.DelayedLogging;
                }

                sb.NotClean = sb.Type.HasCleanFlag;
                if (sb.Device is not null && !sb.Device.TryWriteImmediate(OnDiskLayout.SuperBlock, SuperBlockValue(sb)))
                {
                    sb.SuperDirty = true;
                }
            }

            sb.Born = true;
            Scheduler.Log($"fill_super {sb}{(sb.ReadOnly ? " ro" : string.Empty)}");
        }
    }
}
