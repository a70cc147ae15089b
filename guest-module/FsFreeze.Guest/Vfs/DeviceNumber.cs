using System.Globalization;

namespace FsFreeze.Guest.Vfs
{
    /// <summary>A superblock's <c>s_dev</c> as mountinfo shows it, major:minor. Major 0 is an anonymous device (set_anon_super).</summary>
    /// <param name="Major">The major number (0 for anonymous devices).</param>
    /// <param name="Minor">The minor number.</param>
    public readonly record struct DeviceNumber(uint Major, uint Minor)
    {
        /// <summary>Major of loop devices (LOOP_MAJOR, include/uapi/linux/major.h).</summary>
        public const uint LoopMajor = 7;

        /// <summary>True for anonymous devices: pseudo filesystems, network filesystems and btrfs (notes §2, §4.2).</summary>
        public bool IsAnonymous => Major == 0;

        /// <inheritdoc />
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}:{Minor}");
    }
}
