using System.Collections.Generic;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// A disk (virtio-blk, SCSI). By default writes complete at once into an in-memory map, which is what a host
    /// snapshot sees; with an <see cref="IBlockBackend"/> every write goes to that backend (the host's virtual disk).
    /// </summary>
    public sealed class DiskDevice : BlockDevice
    {
        private readonly SortedDictionary<long, long> blocks = new();
        private readonly IBlockBackend? backend;

        /// <summary>Creates an empty disk that keeps its blocks in memory.</summary>
        public DiskDevice(string name, DeviceNumber number)
            : base(name, number)
        {
        }

        /// <summary>Creates a disk whose blocks live in <paramref name="backend"/>.</summary>
        public DiskDevice(string name, DeviceNumber number, IBlockBackend backend)
            : base(name, number)
        {
            System.ArgumentNullException.ThrowIfNull(backend);
            this.backend = backend;
        }

        /// <summary>The blocks written so far to the in-memory map (empty when a backend holds them).</summary>
        public IReadOnlyDictionary<long, long> Blocks => blocks;

        /// <summary>The backend the blocks live in, or null for the in-memory map.</summary>
        public IBlockBackend? Backend => backend;

        /// <inheritdoc />
        public override SimOperation<Errno> Write(long block, long value) =>
            backend is null ? new("blk_write", op => WriteBody(op, block, value)) : Counted(backend.Write(block, value));

        /// <inheritdoc />
        public override long? ReadPersistent(long block) =>
            backend is not null ? backend.Read(block) : blocks.TryGetValue(block, out long value) ? value : null;

        /// <summary>Changes a block behind the guest's back (a host tool, or another writer on a shared disk).</summary>
        public void Tamper(long block, long value) => blocks[block] = value;

        /// <inheritdoc />
        internal override bool TryWriteImmediate(long block, long value)
        {
            if (backend is not null)
            {
                if (!backend.TryWriteImmediate(block, value))
                {
                    return false;
                }

                WriteCount++;
                return true;
            }

            blocks[block] = value;
            WriteCount++;
            return true;
        }

        private SimOperation<Errno> Counted(SimOperation<Errno> write)
        {
            WriteCount++;
            return write;
        }

        private IEnumerable<Wait> WriteBody(SimOperation<Errno> op, long block, long value)
        {
            TryWriteImmediate(block, value);
            op.Complete(Errno.None);
            yield break;
        }
    }
}
