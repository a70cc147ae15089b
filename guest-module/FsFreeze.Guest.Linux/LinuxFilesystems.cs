using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FsFreeze.Guest.Filesystems;
using FsFreeze.Guest.Linux.MountInfo;
using FsFreeze.Guest.Linux.Native;
using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Linux
{
    /// <summary>
    /// The guest module's filesystem interface over the running Linux kernel. Superblocks come from
    /// /proc/self/mountinfo, one per device number, and only those whose every mount point is on the
    /// <see cref="MountAllowList"/>: anything else is never returned and never frozen, and a bind of the root (or of
    /// any other filesystem) onto an allowed path disqualifies that superblock. Newest first (FF-DRV-15) is the
    /// reverse of the order in which each superblock's first mount appears in mountinfo, which is mount order.
    /// </summary>
    /// <remarks>
    /// Freeze and thaw are FIFREEZE and FITHAW on the first allowed mount point, after checking that mountinfo still
    /// shows the superblock there and still only on allowed paths. Those ioctls are the kernel's
    /// FREEZE_HOLDER_USERSPACE; userspace has no way to take the kernel holder, so a <see cref="FreezeHolder.Kernel"/>
    /// request is carried out as a userspace hold and counted on <see cref="LinuxSuperBlock.HeldFreezes"/>. What the
    /// real virtio-fsfreeze.ko would do differently follows from that: it shares a freeze a userspace tool already
    /// holds (FF-DRV-22) where this backend gets EBUSY. The calls complete synchronously: each returned operation
    /// makes its system call on its first step and completes without yielding, so virtual time does not move while
    /// the kernel works.
    /// </remarks>
    public sealed class LinuxFilesystems : IGuestFilesystems
    {
        /// <summary>Where the kernel lists this process's mounts.</summary>
        public const string MountInfoPath = "/proc/self/mountinfo";

        private readonly Func<string> readMountInfo;
        private readonly IFreezeIoctl ioctl;
        private readonly Dictionary<DeviceNumber, LinuxSuperBlock> known = new();

        /// <summary>A backend that may freeze only the superblocks mounted exactly at <paramref name="allowList"/>'s paths.</summary>
        /// <param name="scheduler">Runs the driver's tasks and timers.</param>
        /// <param name="allowList">The only mount points ever frozen.</param>
        /// <param name="readMountInfo">Returns mountinfo's text; /proc/self/mountinfo when null.</param>
        /// <param name="ioctl">The freeze and thaw calls; the real ioctls when null.</param>
        public LinuxFilesystems(Scheduler scheduler, MountAllowList allowList, Func<string>? readMountInfo = null, IFreezeIoctl? ioctl = null)
        {
            ArgumentNullException.ThrowIfNull(scheduler);
            ArgumentNullException.ThrowIfNull(allowList);
            Scheduler = scheduler;
            AllowList = allowList;
            this.readMountInfo = readMountInfo ?? (static () => File.ReadAllText(MountInfoPath));
            this.ioctl = ioctl ?? new FreezeIoctl();
        }

        /// <inheritdoc />
        public Scheduler Scheduler { get; }

        /// <summary>The only mount points this backend freezes.</summary>
        public MountAllowList AllowList { get; }

        /// <summary>Every freeze and thaw call made, in order, as "FIFREEZE /path = EBUSY" (for tests and the demo's trace).</summary>
        public IList<string> Calls { get; } = new List<string>();

        /// <summary>The allowed superblocks as mountinfo shows them now, oldest first.</summary>
        public IReadOnlyList<LinuxSuperBlock> SuperBlocks() => Discover();

        /// <inheritdoc />
        public IReadOnlyList<ISuperBlockReference> GrabSuperBlocksNewestFirst() =>
            Enumerable.Reverse(Discover()).Select(static sb => (ISuperBlockReference)new LinuxSuperBlockReference(sb)).ToArray();

        /// <inheritdoc />
        public IGuestSuperBlock? SuperBlockAt(string mountPath) =>
            Discover().FirstOrDefault(sb => sb.MountPoints.Any(p => p == mountPath));

        /// <inheritdoc />
        public SimOperation<Errno> FreezeSuper(IGuestSuperBlock superBlock, FreezeHolder who) =>
            new($"FIFREEZE {superBlock}", op => Immediate(op, () => Call(superBlock, who, freeze: true)));

        /// <inheritdoc />
        public SimOperation<Errno> ThawSuper(IGuestSuperBlock superBlock, FreezeHolder who) =>
            new($"FITHAW {superBlock}", op => Immediate(op, () => Call(superBlock, who, freeze: false)));

        /// <inheritdoc />
        public int FreezeCount(IGuestSuperBlock superBlock, FreezeHolder who) => Owned(superBlock)?.HeldFreezes ?? 0;

        private static IEnumerable<Wait> Immediate(SimOperation<Errno> op, Func<Errno> call)
        {
            op.Complete(call());
            return Enumerable.Empty<Wait>();
        }

        private LinuxSuperBlock? Owned(IGuestSuperBlock superBlock) =>
            superBlock is LinuxSuperBlock sb && known.TryGetValue(sb.Dev, out LinuxSuperBlock? mine) && ReferenceEquals(sb, mine) ? sb : null;

        private Errno Call(IGuestSuperBlock superBlock, FreezeHolder who, bool freeze)
        {
            // A holder must be exactly one of KERNEL and USERSPACE (fs/super.c freeze_super's check).
            bool kernel = (who & FreezeHolder.Kernel) != 0;
            bool user = (who & FreezeHolder.Userspace) != 0;
            if (Owned(superBlock) is not { } sb || kernel == user)
            {
                return Errno.EINVAL;
            }

            // Look again right before the call: the superblock must still be mounted at its first allowed path,
            // with every mount of it still allowed; otherwise nothing is frozen.
            LinuxSuperBlock? now = Discover().FirstOrDefault(s => ReferenceEquals(s, sb));
            string name = freeze ? "FIFREEZE" : "FITHAW";
            if (now is null || now.MountPoints.Count == 0)
            {
                Calls.Add($"{name} {sb} = ENOENT (no longer mounted on an allowed path only)");
                return Errno.ENOENT;
            }

            string path = now.MountPoints[0];
            Errno result = freeze ? ioctl.Freeze(path) : ioctl.Thaw(path);
            Calls.Add($"{name} {path} = {result}");
            if (result == Errno.None)
            {
                sb.HeldFreezes = freeze ? sb.HeldFreezes + 1 : Math.Max(0, sb.HeldFreezes - 1);
            }

            return result;
        }

        /// <summary>Reads mountinfo and returns the allowed superblocks, oldest first, refreshing the known objects.</summary>
        private List<LinuxSuperBlock> Discover()
        {
            IReadOnlyList<MountInfoEntry> entries = MountInfoParser.Parse(readMountInfo());
            var allowed = new List<LinuxSuperBlock>();
            foreach (IGrouping<DeviceNumber, MountInfoEntry> group in entries.GroupBy(static e => e.Dev))
            {
                if (!group.All(e => AllowList.Allows(e.MountPoint)))
                {
                    continue;
                }

                MountInfoEntry first = group.First();
                if (!known.TryGetValue(group.Key, out LinuxSuperBlock? sb))
                {
                    sb = new LinuxSuperBlock(group.Key);
                    known[group.Key] = sb;
                }

                sb.Refresh(first.FsType, first.Source, first.SuperReadOnly, group.Select(static e => e.MountPoint).Distinct(StringComparer.Ordinal));
                allowed.Add(sb);
            }

            return allowed;
        }
    }
}
