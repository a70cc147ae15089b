using System;
using System.IO;

namespace FsFreeze.Guest.Uml
{
    /// <summary>
    /// A filesystem image file made on the host with the filesystem's mkfs, attached to the guest as a ubd disk.
    /// Only files the test created are ever touched (the safety rule of DESIGN.md): the freeze happens inside the
    /// UML kernel, on these images.
    /// </summary>
    public sealed class DiskImage
    {
        private DiskImage(string path, string fsType, string ubd, string mountPoint)
        {
            Path = path;
            FsType = fsType;
            Ubd = ubd;
            MountPoint = mountPoint;
        }

        /// <summary>The image file on the host.</summary>
        public string Path { get; }

        /// <summary>ext4, xfs or btrfs.</summary>
        public string FsType { get; }

        /// <summary>The guest's block device name, ubda, ubdb, ...</summary>
        public string Ubd { get; }

        /// <summary>Where the guest mounts it.</summary>
        public string MountPoint { get; }

        /// <summary>The mkfs program of <paramref name="fsType"/>.</summary>
        public static string MkfsOf(string fsType) => "mkfs." + fsType;

        /// <summary>
        /// Creates a sparse image of the smallest size the filesystem's mkfs accepts (xfs wants 300 MiB) and formats it.
        /// </summary>
        public static DiskImage Create(string directory, int index, string fsType)
        {
            string path = System.IO.Path.Combine(directory, $"disk{index}-{fsType}.img");
            long megabytes = fsType switch
            {
                "xfs" => 300,
                "btrfs" => 128,
                _ => 64,
            };
            using (FileStream file = File.Create(path))
            {
                file.SetLength(megabytes * 1024 * 1024);
            }

            string mkfs = HostCommand.Find(MkfsOf(fsType)) ?? throw new InvalidOperationException(MkfsOf(fsType) + " missing");
            string[] arguments = fsType switch
            {
                "ext4" => ["-q", "-F", path],
                "xfs" => ["-q", "-f", path],
                "btrfs" => ["-q", "-f", path],
                _ => [path],
            };
            HostCommand.Check(mkfs, TimeSpan.FromSeconds(60), arguments);
            char letter = (char)('a' + index);
            return new DiskImage(path, fsType, "ubd" + letter, "/mnt/" + fsType);
        }

        /// <summary>Copies the image (sparse) to <paramref name="destination"/>, as a snapshot copies a disk.</summary>
        public void CopyTo(string destination) =>
            HostCommand.Check("cp", TimeSpan.FromSeconds(60), "--sparse=always", Path, destination);
    }
}
