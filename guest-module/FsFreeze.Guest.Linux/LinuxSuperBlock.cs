using System.Collections.Generic;
using FsFreeze.Guest.Filesystems;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Linux
{
    /// <summary>
    /// A real superblock, known by its <c>st_dev</c> (mountinfo's major:minor): every mount showing the same device
    /// number is the same superblock, so bind mounts collapse to one (FF-DRV-16). The backend keeps one object per
    /// device number, refreshed by each walk, and counts the freezes it holds on it.
    /// </summary>
    public sealed class LinuxSuperBlock : IGuestSuperBlock
    {
        private readonly List<string> mountPoints = new();

        internal LinuxSuperBlock(DeviceNumber dev)
        {
            Dev = dev;
        }

        /// <inheritdoc />
        public DeviceNumber Dev { get; }

        /// <inheritdoc />
        public string TypeName { get; private set; } = string.Empty;

        /// <summary>The mount source, for example /dev/loop3.</summary>
        public string Source { get; private set; } = string.Empty;

        /// <inheritdoc />
        public bool ReadOnly { get; private set; }

        /// <summary>Where the superblock is mounted, in mount order; the first is the one the ioctls open.</summary>
        public IReadOnlyList<string> MountPoints => mountPoints;

        /// <summary>The model's traits for this type, or null when the model does not know it.</summary>
        public FilesystemType? ModelType => FilesystemTypes.Find(TypeName);

        /// <summary>On a block device: mountinfo shows a /dev/ source (btrfs too, whose s_dev is anonymous).</summary>
        public bool OnBlockDevice => Source.StartsWith("/dev/", System.StringComparison.Ordinal);

        /// <summary>The type has <c>freeze_fs</c>, as far as the model's table of types knows (unknown types: no).</summary>
        public bool TypeHasOwnFreeze => ModelType?.HasOwnFreeze ?? false;

        /// <summary>
        /// Always false: userspace cannot read <c>freeze_ucount</c>, and this backend's own freezes are FIFREEZE, that
        /// is userspace holds themselves (see <see cref="LinuxFilesystems"/>).
        /// </summary>
        public bool UserFrozen => false;

        /// <summary>Freezes this backend holds on the superblock (FIFREEZE calls that succeeded minus FITHAWs that did).</summary>
        public int HeldFreezes { get; internal set; }

        internal void Refresh(string typeName, string source, bool readOnly, IEnumerable<string> points)
        {
            TypeName = typeName;
            Source = source;
            ReadOnly = readOnly;
            mountPoints.Clear();
            mountPoints.AddRange(points);
        }

        /// <inheritdoc />
        public override string ToString() => $"{TypeName}({Dev})";
    }
}
