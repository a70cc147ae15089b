using System.Collections.Generic;
using System.Linq;
using FsFreeze.Simulation;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>
    /// A seeded random workload: writers (write, page fault, internal) on ext4 and vfat, syncs, and a freezer that
    /// freezes and thaws both filesystems a few times, all interleaved by the seeded scheduler.
    /// </summary>
    internal sealed class SeededWorkload
    {
        private readonly List<(PageKey Key, long Value, SuperBlock Sb)> completed = new();

        public SeededWorkload(ulong seed)
        {
            World = new World(seed, SchedulingPolicy.SeededRandom);
            Ext4 = World.MountDisk(FilesystemTypes.Ext4, "/", 1);
            Vfat = World.MountDisk(FilesystemTypes.Vfat, "/boot", 2);
            SplitMix64 random = World.Scheduler.Random;
            for (int w = 0; w < 4; w++)
            {
                World.Scheduler.Spawn($"writer{w}", Writer(w, random.NextUInt64()));
            }

            World.Scheduler.Spawn("freezer", Freezer());
            Outcome = World.Scheduler.Run(200_000);
        }

        public World World { get; }

        public SuperBlock Ext4 { get; }

        public SuperBlock Vfat { get; }

        public RunResult Outcome { get; }

        public int FreezeFailures { get; private set; }

        public IReadOnlyList<(PageKey Key, long Value, SuperBlock Sb)> Completed => completed;

        /// <summary>Every completed write's value is the cached value of its page unless a later write replaced it.</summary>
        public bool NoWriteLost()
        {
            var last = new Dictionary<(SuperBlock, PageKey), long>();
            foreach ((PageKey key, long value, SuperBlock sb) in completed)
            {
                last[(sb, key)] = value;
            }

            return last.All(static p => p.Key.Item1.PageCache.Read(p.Key.Item2) == p.Value);
        }

        private IEnumerable<Wait> Writer(int id, ulong seed)
        {
            var random = new SplitMix64(seed);
            for (int i = 0; i < 12; i++)
            {
                bool boot = random.Chance(1, 3);
                string path = boot ? "/boot/f" : "/f";
                long page = random.NextInt(3);
                long value = (id * 1000) + i;
                int kind = random.NextInt(4);
                SimOperation<Errno> op = kind switch
                {
                    0 => World.Vfs.PageFaultWrite(path, page, value),
                    1 => World.Vfs.InternalWrite(boot ? Vfat : Ext4, page, value),
                    _ => World.Vfs.Write(path, page, value),
                };
                foreach (Wait wait in op)
                {
                    yield return wait;
                }

                SuperBlock sb = boot ? Vfat : Ext4;
                PageKey key = kind == 1 ? new PageKey("$internal", page) : new PageKey("/f", page);
                if (op.Result == Errno.None)
                {
                    completed.Add((key, value, sb));
                }

                if (random.Chance(1, 4))
                {
                    foreach (Wait wait in World.Vfs.SyncFilesystem(sb))
                    {
                        yield return wait;
                    }
                }

                yield return World.Scheduler.Sleep(System.TimeSpan.FromMilliseconds(random.NextInt(20)));
            }
        }

        private IEnumerable<Wait> Freezer()
        {
            for (int round = 0; round < 3; round++)
            {
                yield return World.Scheduler.Sleep(System.TimeSpan.FromMilliseconds(30));

                // Newest first, as the driver will; thaw in the reverse order.
                foreach (SuperBlock sb in new[] { Vfat, Ext4 })
                {
                    SimOperation<Errno> freeze = World.Vfs.FreezeSuper(sb, FreezeHolder.Kernel);
                    foreach (Wait wait in freeze)
                    {
                        yield return wait;
                    }

                    if (freeze.Result != Errno.None || VirtualFileSystem.OnDiskImage(sb).NotOnDisk.Count != 0 || !VirtualFileSystem.OnDiskImage(sb).Consistent)
                    {
                        FreezeFailures++;
                    }
                }

                yield return World.Scheduler.Sleep(System.TimeSpan.FromMilliseconds(15));
                foreach (SuperBlock sb in new[] { Ext4, Vfat })
                {
                    foreach (Wait wait in World.Vfs.ThawSuper(sb, FreezeHolder.Kernel))
                    {
                        yield return wait;
                    }
                }
            }
        }
    }
}
