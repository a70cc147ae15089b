using System.Linq;
using FsFreeze.Simulation;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Tests
{
    /// <summary>A scheduler, a VFS and a disk, with helpers to run kernel calls to completion.</summary>
    internal sealed class World
    {
        public World(ulong seed = 1, SchedulingPolicy policy = SchedulingPolicy.Fifo)
        {
            Scheduler = new Scheduler(seed, policy);
            Vfs = new VirtualFileSystem(Scheduler);
        }

        public Scheduler Scheduler { get; }

        public VirtualFileSystem Vfs { get; }

        public SuperBlock MountDisk(FilesystemType type, string path, uint minor, MountOptions? options = null)
        {
            DiskDevice disk = Vfs.AddDisk($"/dev/vd{minor}", 253, minor);
            (Errno error, Mount? mount) = Vfs.Mount(type, disk, path, options);
            Assert.That(error, Is.EqualTo(Errno.None));
            return mount!.SuperBlock;
        }

        public SuperBlock MountPseudo(FilesystemType type, string path)
        {
            (Errno error, Mount? mount) = Vfs.Mount(type, null, path);
            Assert.That(error, Is.EqualTo(Errno.None));
            return mount!.SuperBlock;
        }

        /// <summary>Spawns <paramref name="op"/>, runs everything, and returns its result (the op must finish).</summary>
        public Errno Call(SimOperation<Errno> op)
        {
            Scheduler.Spawn(op.Name, op);
            RunResult run = Scheduler.Run();
            Assert.That(op.IsDone, Is.True, $"{op.Name} did not return: {run}");
            return op.Result;
        }

        /// <summary>Spawns without running.</summary>
        public SimOperation<Errno> Start(SimOperation<Errno> op)
        {
            Scheduler.Spawn(op.Name, op);
            return op;
        }

        public string[] Events(string contains) => Scheduler.Trace.Where(line => line.Contains(contains, System.StringComparison.Ordinal)).ToArray();
    }
}
