using System;
using System.IO;
using FsFreeze.Device.Snapshot;

namespace FsFreeze.RealKernel
{
    /// <summary>
    /// A loop image file as a snapshot disk: the copy is <c>cp --sparse=always</c> of the file into the copies
    /// folder. The host cannot hold back the I/O of a loop device the way a VMM blocks a virtual disk, so
    /// <see cref="Block"/> and <see cref="Resume"/> only record the calls and the disk counts as drained; what makes
    /// the copy consistent is the guest's freeze (FIFREEZE has written everything back through the loop device
    /// into this file's page cache, which cp reads).
    /// </summary>
    public sealed class ImageFileDisk : ISnapshotDisk
    {
        private readonly string copyPath;

        /// <summary>A disk over <paramref name="imagePath"/> whose copy goes to <paramref name="copyPath"/>.</summary>
        public ImageFileDisk(string name, string imagePath, string copyPath)
        {
            Name = name;
            ImagePath = imagePath;
            this.copyPath = copyPath;
        }

        /// <inheritdoc />
        public string Name { get; }

        /// <summary>The image file.</summary>
        public string ImagePath { get; }

        /// <summary>True between <see cref="Block"/> and <see cref="Resume"/>.</summary>
        public bool IsBlocked { get; private set; }

        /// <inheritdoc />
        public bool IsDrained => IsBlocked;

        /// <summary>How long the last copy took (wall clock).</summary>
        public TimeSpan LastCopyTime { get; private set; }

        /// <inheritdoc />
        public void Block() => IsBlocked = true;

        /// <inheritdoc />
        public void Resume() => IsBlocked = false;

        /// <inheritdoc />
        public DiskCopy Copy()
        {
            long start = Environment.TickCount64;
            File.Delete(copyPath);
            Commands.Require("cp", "--sparse=always", ImagePath, copyPath);
            LastCopyTime = TimeSpan.FromMilliseconds(Environment.TickCount64 - start);
            return new DiskCopy(Name, []) { ImagePath = copyPath };
        }
    }
}
