using System.Collections.Generic;
using System.Linq;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Vfs
{
    public sealed partial class VirtualFileSystem
    {
        /// <summary>
        /// sync_filesystem (fs/sync.c): write back every dirty page to the device, then <c>->sync_fs</c> (commit the
        /// journal, the btrfs transaction, or the in-place metadata). Writes to a loop device go through the lower
        /// filesystem and may sleep there. Read-only superblocks have nothing to write.
        /// </summary>
        public SimOperation<Errno> SyncFilesystem(SuperBlock sb) => new($"sync_filesystem {sb}", op => SyncBody(op, sb));

        /// <summary>What a host-side snapshot of the disks taken now would hold for <paramref name="sb"/>.</summary>
        public static OnDiskImage OnDiskImage(SuperBlock sb)
        {
            System.ArgumentNullException.ThrowIfNull(sb);
            if (sb.Device is null)
            {
                return new OnDiskImage(sb, false, new Dictionary<PageKey, long>(), sb.PageCache.Snapshot().Keys.OrderBy(static k => k).ToArray(), OnDiskFlags.None, 0, 0);
            }

            return DecodeImage(sb, sb.Device.ReadPersistent, PersistedMap(sb), sb.PageCache.Snapshot());
        }

        /// <summary>
        /// Decodes an image of <paramref name="sb"/>'s device the way a fresh mount would: the superblock block's
        /// flags and generation, the journal block (journaled types), and each page of <paramref name="blockMap"/>
        /// read through <paramref name="readBlock"/>. <see cref="OnDiskImage(SuperBlock)"/> reads the live device;
        /// a system simulation reads a host's copy of the disk instead. <paramref name="applicationView"/> is what
        /// applications wrote (the page cache); pages whose value the image misses become
        /// <see cref="Vfs.OnDiskImage.NotOnDisk"/>.
        /// </summary>
        public static OnDiskImage DecodeImage(SuperBlock sb, System.Func<long, long?> readBlock, IReadOnlyDictionary<PageKey, long> blockMap, IReadOnlyDictionary<PageKey, long> applicationView)
        {
            System.ArgumentNullException.ThrowIfNull(sb);
            System.ArgumentNullException.ThrowIfNull(readBlock);
            System.ArgumentNullException.ThrowIfNull(blockMap);
            System.ArgumentNullException.ThrowIfNull(applicationView);
            long? super = readBlock(OnDiskLayout.SuperBlock);
            OnDiskFlags flags = super is null ? OnDiskFlags.None : OnDiskLayout.Flags(super.Value);
            long generation = super is null ? 0 : OnDiskLayout.Generation(super.Value);
            int journal = sb.Type.Journaled ? (int)(readBlock(OnDiskLayout.Journal) ?? 0) : 0;
            var data = new SortedDictionary<PageKey, long>();
            foreach ((PageKey key, long block) in blockMap)
            {
                if (readBlock(block) is long value)
                {
                    data[key] = value;
                }
            }

            PageKey[] missing = applicationView
                .Where(p => !data.TryGetValue(p.Key, out long onDisk) || onDisk != p.Value)
                .Select(static p => p.Key)
                .OrderBy(static k => k)
                .ToArray();
            return new OnDiskImage(sb, true, data, missing, flags, journal, generation);
        }

        /// <summary>
        /// The page-to-block map an image of <paramref name="sb"/>'s device shows now, as a copy: the live map for
        /// in-place types, the last committed one for copy-on-write types (the tree the on-disk superblock points to).
        /// The model keeps this metadata in memory; a system simulation records it to decode a host's disk copy.
        /// </summary>
        public static IReadOnlyDictionary<PageKey, long> PersistedBlockMap(SuperBlock sb)
        {
            System.ArgumentNullException.ThrowIfNull(sb);
            return new Dictionary<PageKey, long>(PersistedMap(sb));
        }

        /// <summary>The value of a file page as on its filesystem's disk (what a loop device's image shows to a host snapshot).</summary>
        internal static long? PersistentPage(SuperBlock sb, PageKey key) =>
            sb.Device is not null && PersistedMap(sb).TryGetValue(key, out long block) ? sb.Device.ReadPersistent(block) : null;

        /// <summary>The superblock block as the filesystem would write it now.</summary>
        internal static long SuperBlockValue(SuperBlock sb)
        {
            OnDiskFlags flags = OnDiskFlags.None;
            if (sb.Journal?.NeedsRecovery ?? false)
            {
                flags |= OnDiskFlags.NeedsRecovery;
            }

            if (sb.NotClean)
            {
                flags |= OnDiskFlags.NotClean;
            }

            // Only in-place, non-journaled metadata can be caught half updated; a journal or copy-on-write covers it.
            if (!sb.Type.Journaled && !sb.Type.CopyOnWrite && sb.MetadataUpdatesInFlight > 0)
            {
                flags |= OnDiskFlags.MidUpdate;
            }

            return OnDiskLayout.EncodeSuper(flags, sb.Generation);
        }

        /// <summary>commit_super: write the superblock block.</summary>
        internal static IEnumerable<Wait> CommitSuper(SuperBlock sb, Ref<Errno> error)
        {
            sb.SuperDirty = false;
            SimOperation<Errno> write = sb.Device!.Write(OnDiskLayout.SuperBlock, SuperBlockValue(sb));
            foreach (Wait wait in write)
            {
                yield return wait;
            }

            error.Value = write.Result;
        }

        private static Dictionary<PageKey, long> PersistedMap(SuperBlock sb) => sb.Type.CopyOnWrite ? sb.CommittedBlockMap : sb.BlockMap;

        private IEnumerable<Wait> SyncBody(SimOperation<Errno> op, SuperBlock sb)
        {
            Errno injected = sb.Faults.TakeSync();
            if (injected != Errno.None)
            {
                Scheduler.Log($"sync {sb} failed: {injected}");
                op.Complete(injected);
                yield break;
            }

            if (sb.ReadOnly || sb.Device is null)
            {
                op.Complete(Errno.None);
                yield break;
            }

            BlockDevice device = sb.Device;
            foreach (PageKey key in sb.PageCache.DirtyPages)
            {
                long value = sb.PageCache.Read(key)!.Value;

                // In place: a page keeps its block. Copy-on-write: every write goes to a new block, reachable only
                // once the transaction commits.
                if (sb.Type.CopyOnWrite || !sb.BlockMap.TryGetValue(key, out long block))
                {
                    block = sb.NextBlock++;
                    sb.BlockMap[key] = block;
                }

                SimOperation<Errno> write = device.Write(block, value);
                foreach (Wait wait in write)
                {
                    yield return wait;
                }

                if (write.Result != Errno.None)
                {
                    op.Complete(write.Result);
                    yield break;
                }

                sb.PageCache.MarkCleanIfUnchanged(key, value);
            }

            var error = new Ref<Errno>();
            foreach (Wait wait in SyncFs(sb, error))
            {
                yield return wait;
            }

            op.Complete(error.Value);
        }

        /// <summary><c>->sync_fs(sb, 1)</c> by traits: commit the journal, the copy-on-write transaction, or the in-place metadata.</summary>
        private IEnumerable<Wait> SyncFs(SuperBlock sb, Ref<Errno> error)
        {
            BlockDevice device = sb.Device!;
            bool writeSuper = sb.SuperDirty;
            if (sb.Journal is Journal journal)
            {
                if (journal.RunningUpdates > 0)
                {
                    journal.RunningUpdates = 0;
                    journal.CommittedTransactions++;
                    journal.Sequence++;
                    sb.Generation++;
                    SimOperation<Errno> log = device.Write(OnDiskLayout.Journal, journal.CommittedTransactions);
                    foreach (Wait wait in log)
                    {
                        yield return wait;
                    }

                    // ext4: jbd2 commit. xfs: xfs_fs_sync_fs forces the log (xfs_log_force), so the CIL is written as a
                    // checkpoint; an xfs log that still ended in an unmount record (DelayedLogging) is dirty from now on.
                    writeSuper |= !journal.NeedsRecovery;
                    journal.NeedsRecovery = true;
                }
            }
            else if (sb.Type.CopyOnWrite)
            {
                // btrfs_sync_fs commits the transaction: the new tree root becomes what the disk shows.
                sb.Generation++;
                sb.CommittedBlockMap = new Dictionary<PageKey, long>(sb.BlockMap);
                writeSuper = true;
            }
            else
            {
                // In-place metadata (inode tables, FAT) is written as it stands, half-done updates included.
                writeSuper = true;
            }

            Scheduler.Log($"sync_fs {sb} generation {sb.Generation}");
            if (writeSuper)
            {
                foreach (Wait wait in CommitSuper(sb, error))
                {
                    yield return wait;
                }
            }
        }
    }
}
