using System.Collections.Generic;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// A loop device (drivers/block/loop.c): block n is page n of an image file on another (lower) filesystem. A
    /// write is a buffered write to that file (lo_rw_aio → vfs_iter_write → file_start_write), so it takes the lower
    /// superblock's <c>sb_start_write</c> and sleeps while the lower filesystem is frozen. That is why a filesystem
    /// stacked on a loop device must be frozen before the filesystem holding its image (notes §1.8, §5.3).
    /// </summary>
    public sealed class LoopDevice : BlockDevice
    {
        private readonly VirtualFileSystem vfs;

        internal LoopDevice(VirtualFileSystem vfs, DeviceNumber number, SuperBlock backing, string imageFile)
            : base($"/dev/loop{number.Minor}", number)
        {
            this.vfs = vfs;
            Backing = backing;
            ImageFile = imageFile;
        }

        /// <summary>The superblock holding the image file.</summary>
        public SuperBlock Backing { get; }

        /// <summary>The image file's path inside <see cref="Backing"/>.</summary>
        public string ImageFile { get; }

        /// <inheritdoc />
        public override SimOperation<Errno> Write(long block, long value) => new("loop_write", op => WriteBody(op, block, value));

        /// <inheritdoc />
        public override long? ReadPersistent(long block) => VirtualFileSystem.PersistentPage(Backing, new PageKey(ImageFile, block));

        /// <inheritdoc />
        internal override bool TryWriteImmediate(long block, long value) => false;

        private IEnumerable<Wait> WriteBody(SimOperation<Errno> op, long block, long value)
        {
            WriteCount++;
            SimOperation<Errno> write = vfs.WriteToSuperBlock(Backing, null, new PageKey(ImageFile, block), value, WriterKind.Write);
            foreach (Wait wait in write)
            {
                yield return wait;
            }

            op.Complete(write.Result);
        }
    }
}
