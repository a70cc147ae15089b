using System;
using System.Collections.Generic;
using FsFreeze.Guest.Vfs;
using FsFreeze.Simulation;

namespace FsFreeze.Conformance.Driver
{
    /// <summary>
    /// Random user writers drawn from the scheduler's seeded RNG: each writes increasing values to pages of its own
    /// file, sleeping between writes, and records for every write whether it was issued while its superblock was
    /// frozen and whether the superblock was unfrozen when the write returned.
    /// </summary>
    public sealed class WriterWorkload
    {
        private readonly List<WriteRecord> writes = new();
        private readonly Dictionary<(SuperBlock SuperBlock, PageKey Key), long> expected = new();

        /// <summary>Every write issued, in issue order.</summary>
        public IReadOnlyList<WriteRecord> Writes => writes;

        /// <summary>The last value written to each page: what the page must hold once every write returned.</summary>
        public IReadOnlyDictionary<(SuperBlock SuperBlock, PageKey Key), long> Expected => expected;

        /// <summary>Spawns one or two writers on each of <paramref name="paths"/>.</summary>
        public static WriterWorkload Spawn(VirtualFileSystem vfs, IReadOnlyList<string> paths)
        {
            ArgumentNullException.ThrowIfNull(vfs);
            ArgumentNullException.ThrowIfNull(paths);
            var workload = new WriterWorkload();
            SplitMix64 rng = vfs.Scheduler.Random;
            int writer = 0;
            foreach (string path in paths)
            {
                int count = 1 + rng.NextInt(2);
                for (int i = 0; i < count; i++)
                {
                    string file = (path == "/" ? string.Empty : path) + "/writer" + writer++;
                    vfs.Scheduler.Spawn("writer " + file, workload.Writer(vfs, file, 1 + rng.NextInt(6), rng));
                }
            }

            return workload;
        }

        private IEnumerable<Wait> Writer(VirtualFileSystem vfs, string file, int count, SplitMix64 rng)
        {
            for (int i = 0; i < count; i++)
            {
                yield return vfs.Scheduler.Sleep(TimeSpan.FromMilliseconds(rng.NextInt(400)));
                (Mount? mount, string inside) = vfs.Resolve(file);
                SuperBlock sb = mount!.SuperBlock;
                var key = new PageKey(inside, rng.NextInt(3));
                long value = (1000L * writes.Count) + i + 1;
                var record = new WriteRecord(sb, key, value, IssuedWhileFrozen: sb.Frozen != FreezeLevel.Unfrozen);
                writes.Add(record);
                expected[(sb, key)] = value;
                SimOperation<Errno> write = vfs.Write(file, key.Index, value);
                foreach (Wait wait in write)
                {
                    yield return wait;
                }

                record.Result = write.Result;
                record.Done = true;
                record.UnfrozenAtReturn = sb.Frozen == FreezeLevel.Unfrozen;
            }
        }
    }

    /// <summary>One write of a <see cref="WriterWorkload"/> and what became of it.</summary>
    /// <param name="SuperBlock">The superblock written to.</param>
    /// <param name="Key">The page written.</param>
    /// <param name="Value">The value written.</param>
    /// <param name="IssuedWhileFrozen">The superblock was frozen (at any level) when the write was issued.</param>
    public sealed record WriteRecord(SuperBlock SuperBlock, PageKey Key, long Value, bool IssuedWhileFrozen)
    {
        /// <summary>The write returned.</summary>
        public bool Done { get; set; }

        /// <summary>What it returned.</summary>
        public Errno Result { get; set; }

        /// <summary>The superblock was unfrozen when it returned.</summary>
        public bool UnfrozenAtReturn { get; set; }
    }
}
