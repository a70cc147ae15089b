using System.Collections.Generic;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Vfs
{
    /// <summary>A disk (virtio-blk, SCSI): writes complete at once and are what a host snapshot sees.</summary>
    public sealed class DiskDevice : BlockDevice
    {
        private readonly SortedDictionary<long, long> blocks = new();

        /// <summary>Creates an empty disk.</summary>
        public DiskDevice(string name, DeviceNumber number)
            : base(name, number)
        {
        }

        /// <summary>The blocks written so far.</summary>
        public IReadOnlyDictionary<long, long> Blocks => blocks;

        /// <inheritdoc />
        public override SimOperation<Errno> Write(long block, long value) => new("blk_write", op => WriteBody(op, block, value));

        /// <inheritdoc />
        public override long? ReadPersistent(long block) => blocks.TryGetValue(block, out long value) ? value : null;

        /// <summary>Changes a block behind the guest's back (a host tool, or another writer on a shared disk).</summary>
        public void Tamper(long block, long value) => blocks[block] = value;

        /// <inheritdoc />
        internal override bool TryWriteImmediate(long block, long value)
        {
            blocks[block] = value;
            WriteCount++;
            return true;
        }

        private IEnumerable<Wait> WriteBody(SimOperation<Errno> op, long block, long value)
        {
            TryWriteImmediate(block, value);
            op.Complete(Errno.None);
            yield break;
        }
    }
}
