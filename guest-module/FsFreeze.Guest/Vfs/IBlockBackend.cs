using FsFreeze.Simulation;

namespace FsFreeze.Guest.Vfs
{
    /// <summary>
    /// Where a <see cref="DiskDevice"/> keeps its blocks. The default is the disk's own in-memory map (writes
    /// complete at once); a system simulation plugs in the host's virtual disk, so that writeback and journal writes
    /// become block requests that stay in flight until the host completes them and wait while the host blocks I/O
    /// (FF-HOST-4: the host's image copy is then exactly what a snapshot of the VM's disk holds).
    /// </summary>
    public interface IBlockBackend
    {
        /// <summary>Submits a write of <paramref name="value"/> to <paramref name="block"/>; the operation returns once the write completed.</summary>
        SimOperation<Errno> Write(long block, long value);

        /// <summary>What the medium holds in <paramref name="block"/> now (null: never written).</summary>
        long? Read(long block);

        /// <summary>Writes at once when the medium never sleeps; false when the write must go through <see cref="Write"/>.</summary>
        bool TryWriteImmediate(long block, long value);
    }
}
