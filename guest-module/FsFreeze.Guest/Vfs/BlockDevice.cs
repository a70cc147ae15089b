using FsFreeze.Simulation;

namespace FsFreeze.Guest.Vfs
{
    /// <summary>A block device a superblock can sit on: a disk, or a loop device whose blocks are a file's pages.</summary>
    public abstract class BlockDevice
    {
        /// <summary>Names the device.</summary>
        protected BlockDevice(string name, DeviceNumber number)
        {
            Name = name;
            Number = number;
        }

        /// <summary>The device name, for example "/dev/vda1".</summary>
        public string Name { get; }

        /// <summary>Its dev_t.</summary>
        public DeviceNumber Number { get; }

        /// <summary>Blocks written so far.</summary>
        public long WriteCount { get; protected set; }

        /// <summary>Writes <paramref name="value"/> to <paramref name="block"/>; may sleep (a loop device writes through another filesystem).</summary>
        public abstract SimOperation<Errno> Write(long block, long value);

        /// <summary>
        /// What a host-side snapshot of the physical disks taken now would hold in <paramref name="block"/> (null: never
        /// written). For a loop device that is the image file's page as it is on its own filesystem's disk.
        /// </summary>
        public abstract long? ReadPersistent(long block);

        /// <summary>Writes at once when the device never sleeps (a disk); false when the write must go through <see cref="Write"/>.</summary>
        internal abstract bool TryWriteImmediate(long block, long value);

        /// <inheritdoc />
        public override string ToString() => $"{Name}({Number})";
    }
}
