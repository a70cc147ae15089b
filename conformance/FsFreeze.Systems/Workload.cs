using System;
using System.Collections.Generic;
using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;

namespace FsFreeze.Systems
{
    /// <summary>
    /// Seeded applications on every filesystem of a <see cref="FsFreezeSystem"/>: concurrent writers (one file each,
    /// so each page's values only grow) and a writeback flusher per filesystem that runs syncfs now and then, as the
    /// kernel's periodic writeback does. Every acknowledged write is logged with its time. Everything stops once
    /// <see cref="Stop"/> is called, so the simulation can run to completion.
    /// </summary>
    public sealed class Workload
    {
        private readonly FsFreezeSystem system;
        private readonly WorkloadOptions options;
        private readonly List<AckedWrite> acked = new();
        private long nextValue;

        /// <summary>Prepares a workload on <paramref name="system"/>.</summary>
        public Workload(FsFreezeSystem system, WorkloadOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(system);
            this.system = system;
            this.options = options ?? new WorkloadOptions();
        }

        /// <summary>Writes that returned success, in the order they did.</summary>
        public IReadOnlyList<AckedWrite> Acked => acked;

        /// <summary>True once stopped.</summary>
        public bool Stopped { get; private set; }

        /// <summary>Spawns the writers and flushers.</summary>
        public void Start()
        {
            foreach (SystemFilesystem fs in system.Filesystems)
            {
                for (int w = 0; w < options.WritersPerFilesystem; w++)
                {
                    system.Scheduler.Spawn($"writer {fs.MountPath}/w{w}", Writer(fs, w));
                }

                if (options.SyncfsFlusher)
                {
                    system.Scheduler.Spawn($"flusher {fs.SuperBlock}", Flusher(fs));
                }
            }
        }

        /// <summary>Asks every task to finish after its current step (a writer blocked by a freeze finishes after the thaw).</summary>
        public void Stop() => Stopped = true;

        private IEnumerable<Wait> Writer(SystemFilesystem fs, int writer)
        {
            string file = $"/w{writer}";
            while (!Stopped)
            {
                long page = system.Scheduler.Random.NextInt(options.PagesPerWriter);
                long value = ++nextValue;
                SimOperation<Errno> write = system.Vfs.Write(fs.MountPath + file, page, value);
                foreach (Wait wait in write)
                {
                    yield return wait;
                }

                if (write.Result == Errno.None)
                {
                    acked.Add(new AckedWrite(fs.Index, new PageKey(file, page), value, system.Scheduler.Clock.Now));
                }

                foreach (Wait wait in system.Ticker.Sleep(Ticks(options.MaxThinkTime)))
                {
                    yield return wait;
                }
            }
        }

        private IEnumerable<Wait> Flusher(SystemFilesystem fs)
        {
            while (!Stopped)
            {
                foreach (Wait wait in system.Ticker.Sleep(Ticks(options.MaxFlushInterval)))
                {
                    yield return wait;
                }

                foreach (Wait wait in system.Vfs.Syncfs(fs.SuperBlock))
                {
                    yield return wait;
                }
            }
        }

        /// <summary>A seeded number of ticks, 1 up to <paramref name="max"/>'s worth.</summary>
        private int Ticks(TimeSpan max)
        {
            int most = Math.Max(1, (int)(max.Ticks / system.Ticker.Quantum.Ticks));
            return 1 + system.Scheduler.Random.NextInt(most);
        }
    }
}
