using System.Collections.Generic;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Vfs
{
    public sealed partial class VirtualFileSystem
    {
        /// <summary>
        /// write(2) of <paramref name="value"/> to page <paramref name="page"/> of the file at <paramref name="path"/>:
        /// enters through <c>sb_start_write</c> (mnt_want_write), so it sleeps while the superblock is frozen at
        /// SB_FREEZE_WRITE or above and completes after the thaw.
        /// </summary>
        public SimOperation<Errno> Write(string path, long page, long value) => UserWrite(path, page, value, WriterKind.Write);

        /// <summary>A store through a shared writable mapping: <c>sb_start_pagefault</c> (page_mkwrite), blocked from SB_FREEZE_PAGEFAULT.</summary>
        public SimOperation<Errno> PageFaultWrite(string path, long page, long value) => UserWrite(path, page, value, WriterKind.PageFault);

        /// <summary>
        /// An internal filesystem write (inode eviction, background work) that dirties a metadata page under
        /// <c>sb_start_intwrite</c>, blocked from SB_FREEZE_FS.
        /// </summary>
        public SimOperation<Errno> InternalWrite(SuperBlock sb, long page, long value) =>
            WriteToSuperBlock(sb, null, new PageKey("$internal", page), value, WriterKind.Internal);

        /// <summary>The common write path on a superblock (also used by loop devices for their image file).</summary>
        internal SimOperation<Errno> WriteToSuperBlock(SuperBlock sb, Mount? mount, PageKey key, long value, WriterKind kind) =>
            new($"{kind} {sb}:{key}", op => WriteBody(op, sb, mount, key, value, kind));

        private SimOperation<Errno> UserWrite(string path, long page, long value, WriterKind kind)
        {
            (Mount? mount, string file) = Resolve(path);
            if (mount is null)
            {
                return new SimOperation<Errno>($"{kind} {path}", static op => Fail(op, Errno.ENOENT));
            }

            return WriteToSuperBlock(mount.SuperBlock, mount, new PageKey(file, page), value, kind);
        }

        private static IEnumerable<Wait> Fail(SimOperation<Errno> op, Errno error)
        {
            op.Complete(error);
            yield break;
        }

        private IEnumerable<Wait> WriteBody(SimOperation<Errno> op, SuperBlock sb, Mount? mount, PageKey key, long value, WriterKind kind)
        {
            // sb_start_write/_pagefault/_intwrite: percpu_down_read on the level's semaphore; sleeps while a freezer
            // holds it for write (notes §1.2). mnt_want_write takes it before it checks for a read-only mount.
            SimRwSemaphore level = sb.Level(kind);
            foreach (Wait wait in level.DownRead())
            {
                yield return wait;
            }

            if (sb.ReadOnly || (mount?.ReadOnly ?? false))
            {
                level.UpRead();
                op.Complete(Errno.EROFS);
                yield break;
            }

            // The update is two steps with a preemption point between them: a writeback running in between sees an
            // in-place metadata update half done (what makes a non-journaled image inconsistent).
            Journal? journal = sb.Journal;
            if (journal is not null)
            {
                journal.OpenHandles++;
            }

            sb.MetadataUpdatesInFlight++;
            yield return Wait.Yield;
            sb.PageCache.Write(key, value);
            sb.MetadataUpdatesInFlight--;
            if (journal is not null)
            {
                journal.OpenHandles--;
                journal.RunningUpdates++;
            }

            level.UpRead();
            Scheduler.Log($"wrote {sb}:{key}={value} ({kind})");
            op.Complete(Errno.None);
        }
    }
}
