using System;
using System.IO;

namespace FsFreeze.RealKernel
{
    /// <summary>
    /// A filesystem image in a sparse file, attached with <c>losetup -f --show</c> (never a fixed /dev/loopN: other
    /// processes use loop devices too) and mounted under the scratch folder. Its undo steps are registered with the
    /// <see cref="Scratch"/> as they happen, so a failure half way still cleans up what was made.
    /// </summary>
    public sealed class LoopImage
    {
        private LoopImage(string type, string imagePath, string loopDevice, string mountPoint)
        {
            Type = type;
            ImagePath = imagePath;
            LoopDevice = loopDevice;
            MountPoint = mountPoint;
        }

        /// <summary>The filesystem type: ext4, xfs or btrfs.</summary>
        public string Type { get; }

        /// <summary>The image file.</summary>
        public string ImagePath { get; }

        /// <summary>The loop device it is attached to.</summary>
        public string LoopDevice { get; }

        /// <summary>Where it is mounted.</summary>
        public string MountPoint { get; }

        /// <summary>The smallest image each mkfs accepts, with some room: xfs wants 300 MiB, btrfs 114 MiB.</summary>
        public static int MinimumMegabytes(string type) => type switch
        {
            "xfs" => 320,
            "btrfs" => 128,
            _ => 32,
        };

        /// <summary>
        /// Makes <paramref name="type"/> in a sparse file <paramref name="name"/>.img (in <paramref name="directory"/>,
        /// the scratch folder by default), attaches it and mounts it at scratch/<paramref name="name"/>.
        /// </summary>
        public static LoopImage Create(Scratch scratch, string type, string name, bool readOnly = false, string? directory = null, int? megabytes = null)
        {
            ArgumentNullException.ThrowIfNull(scratch);
            string image = Path.Combine(directory ?? scratch.Root, name + ".img");
            using (var file = new FileStream(image, FileMode.CreateNew, FileAccess.Write))
            {
                file.SetLength((long)(megabytes ?? MinimumMegabytes(type)) << 20);
            }

            string[] force = type == "ext4" ? ["-q", "-F"] : ["-q", "-f"];
            Commands.Require("mkfs." + type, [.. force, image]);
            string loop = Commands.Require("losetup", "-f", "--show", image).Trim();
            scratch.OnDispose($"losetup -d {loop}", () => Commands.Require("losetup", "-d", loop));
            string mountPoint = Path.Combine(scratch.Root, name);
            Directory.CreateDirectory(mountPoint);
            Commands.Require("mount", readOnly ? ["-o", "ro", loop, mountPoint] : [loop, mountPoint]);
            scratch.AddMount(mountPoint);
            return new LoopImage(type, image, loop, mountPoint);
        }

        /// <summary>Bind-mounts this filesystem's root at scratch/<paramref name="name"/> (same superblock, FF-DRV-16).</summary>
        public string BindMount(Scratch scratch, string name)
        {
            ArgumentNullException.ThrowIfNull(scratch);
            string target = Path.Combine(scratch.Root, name);
            Directory.CreateDirectory(target);
            Commands.Require("mount", "--bind", MountPoint, target);
            scratch.AddMount(target);
            return target;
        }

        /// <inheritdoc />
        public override string ToString() => $"{Type} {ImagePath} on {LoopDevice} at {MountPoint}";
    }
}
