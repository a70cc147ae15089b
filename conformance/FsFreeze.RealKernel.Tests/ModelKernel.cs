using System.Linq;
using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;

namespace FsFreeze.RealKernel.Tests
{
    /// <summary>The VFS model set up like the real check, to ask it for its prediction.</summary>
    internal sealed class ModelKernel
    {
        private uint nextMinor;

        public ModelKernel()
        {
            Scheduler = new Scheduler(1, SchedulingPolicy.Fifo);
            Vfs = new VirtualFileSystem(Scheduler);
        }

        public Scheduler Scheduler { get; }

        public VirtualFileSystem Vfs { get; }

        /// <summary>A loop-backed disk of <paramref name="type"/> mounted at <paramref name="path"/>.</summary>
        public SuperBlock Mount(string type, string path, bool readOnly = false)
        {
            FilesystemType model = FilesystemTypes.Find(type) ?? throw new AssertionException($"the model has no {type}");
            DiskDevice disk = Vfs.AddDisk($"/dev/loop{nextMinor}", DeviceNumber.LoopMajor, nextMinor++);
            (Errno error, Mount? mount) = Vfs.Mount(model, disk, path, new MountOptions { ReadOnly = readOnly });
            Assert.That(error, Is.EqualTo(Errno.None), $"model mount {type} at {path}");
            return mount!.SuperBlock;
        }

        /// <summary>Runs <paramref name="op"/> with everything else; its result, or null when it cannot finish (it sleeps for good).</summary>
        public Errno? Call(SimOperation<Errno> op)
        {
            Scheduler.Spawn(op.Name, op);
            Scheduler.Run();
            return op.IsDone ? op.Result : null;
        }

        /// <summary>Starts <paramref name="op"/> and runs until nothing can move; it may be left sleeping.</summary>
        public SimOperation<Errno> Start(SimOperation<Errno> op)
        {
            Scheduler.Spawn(op.Name, op);
            Scheduler.Run();
            return op;
        }

        /// <summary>The model's newest-first walk as mount paths.</summary>
        public string[] WalkPaths() =>
            Vfs.GrabSuperBlocksNewestFirst().Select(r =>
            {
                r.Release();
                return Vfs.Mounts.First(m => m.SuperBlock == r.SuperBlock).Path;
            }).ToArray();
    }
}
