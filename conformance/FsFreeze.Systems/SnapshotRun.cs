using System;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Device.Snapshot;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Simulation;

namespace FsFreeze.Systems
{
    /// <summary>
    /// Runs the seed's comparison once: a VM with the given filesystems under a seeded workload, one snapshot in the
    /// given mode, then every copied image examined as a fresh mount would (<see cref="SystemFilesystem.Examine"/>).
    /// The same seed gives the same report.
    /// </summary>
    public static class SnapshotRun
    {
        /// <summary>Runs one seeded snapshot of a VM with <paramref name="types"/> in <paramref name="mode"/>.</summary>
        public static SnapshotRunReport Execute(ulong seed, SnapshotMode mode, IReadOnlyList<FilesystemType> types, WorkloadOptions? options = null)
        {
            options ??= new WorkloadOptions();
            var system = new FsFreezeSystem(new SystemOptions { Seed = seed, Filesystems = types, LoadDriver = mode == SnapshotMode.FsFreeze });
            var workload = new Workload(system, options);
            workload.Start();
            var taken = new SimOperation<(SnapshotResult? Result, byte[][] Images, TimeSpan Cut)>("snapshotter", op => Snapshotter(op, system, workload, mode, options));
            system.Scheduler.Spawn(taken.Name, taken);
            RunResult run = system.Scheduler.Run(options.MaxSteps);
            if (!taken.IsDone)
            {
                throw new InvalidOperationException($"the snapshot did not finish: {run}");
            }

            (SnapshotResult? result, byte[][] images, TimeSpan cut) = taken.Result;
            var verdicts = new List<FilesystemVerdict>();
            foreach (SystemFilesystem fs in system.Filesystems)
            {
                verdicts.Add(Judge(fs, images.Length > fs.Index ? images[fs.Index] : new byte[fs.Disk.Size], workload.Acked, cut));
            }

            return new SnapshotRunReport(seed, mode, result, cut, verdicts, run);
        }

        private static IEnumerable<Wait> Snapshotter(SimOperation<(SnapshotResult?, byte[][], TimeSpan)> op, FsFreezeSystem system, Workload workload, SnapshotMode mode, WorkloadOptions options)
        {
            long span = Math.Max(1, (options.MaxWarmUp - options.MinWarmUp).Ticks);
            yield return system.Scheduler.Sleep(options.MinWarmUp + TimeSpan.FromTicks((long)(system.Scheduler.Random.NextUInt64() % (ulong)span)));
            TimeSpan start = system.Scheduler.Clock.Now;
            if (mode == SnapshotMode.NoQuiesce)
            {
                var images = system.Disks.Select(static d => new byte[d.Size]).ToArray();
                foreach (Wait wait in CopyWhileRunning(system, images, options))
                {
                    yield return wait;
                }

                workload.Stop();
                op.Complete((null, images, start));
                yield break;
            }

            SimOperation<SnapshotResult> snapshot = system.Orchestrator(new SnapshotOptions { CopyDuration = options.CopyDuration }).Snapshot();
            foreach (Wait wait in snapshot)
            {
                yield return wait;
            }

            workload.Stop();
            SnapshotResult result = snapshot.Result;
            TimeSpan cut = start;
            if (result.Path == SnapshotPath.Quiesced)
            {
                // FF-DRV-23: the OK reply says every frozen superblock reached SB_FREEZE_COMPLETE; from its arrival on,
                // everything acknowledged must be in the image.
                cut = system.Replies.Arrivals.Where(a => a.At >= start && a.Reply.Type == ReplyType.Freeze).Select(static a => a.At).DefaultIfEmpty(start).First();
            }

            op.Complete((result, result.Copies.Select(static c => c.Image).ToArray(), cut));
        }

        /// <summary>No quiescing: each disk is copied a chunk at a time over the copy's duration while the guest keeps writing.</summary>
        private static IEnumerable<Wait> CopyWhileRunning(FsFreezeSystem system, byte[][] images, WorkloadOptions options)
        {
            int chunk = Math.Max(HostDiskBackend.SlotSize, options.UnquiescedCopyChunk);
            int chunks = (images.Max(static i => i.Length) + chunk - 1) / chunk;
            TimeSpan pause = options.CopyDuration / Math.Max(1, chunks);
            for (int c = 0; c < chunks; c++)
            {
                for (int d = 0; d < images.Length; d++)
                {
                    int offset = c * chunk;
                    int length = Math.Min(chunk, images[d].Length - offset);
                    if (length > 0)
                    {
                        system.Disks[d].Image.Slice(offset, length).CopyTo(images[d].AsSpan(offset));
                    }
                }

                yield return system.Scheduler.Sleep(pause);
            }
        }

        private static FilesystemVerdict Judge(SystemFilesystem fs, byte[] image, IReadOnlyList<AckedWrite> acked, TimeSpan cut)
        {
            OnDiskImage decoded = fs.Examine(image);
            var expected = new Dictionary<PageKey, long>();
            foreach (AckedWrite write in acked)
            {
                if (write.Filesystem == fs.Index && write.At < cut)
                {
                    expected[write.Page] = Math.Max(write.Value, expected.GetValueOrDefault(write.Page));
                }
            }

            int lost = expected.Count(e => !decoded.Data.TryGetValue(e.Key, out long onDisk) || onDisk < e.Value);
            return new FilesystemVerdict(fs.Type, decoded, expected.Count, lost);
        }
    }
}
