using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace FsFreeze.Guest.Uml
{
    /// <summary>The copies of one disk: one taken while the guest was busy and not frozen, one while frozen.</summary>
    /// <param name="Disk">The disk copied.</param>
    /// <param name="UnfrozenCopy">The image copied before the FREEZE, writers running.</param>
    /// <param name="FrozenCopy">The image copied between the FREEZE reply and the THAW.</param>
    public sealed record DiskCopies(DiskImage Disk, string UnfrozenCopy, string FrozenCopy);

    /// <summary>
    /// The seed's end to end through a real driver: copy every disk image while the guest writes, FREEZE through the
    /// device, copy them again, THAW. The kernel-driver scenario checks the copies; the demo counts them.
    /// </summary>
    /// <param name="Freeze">The FREEZE's reply.</param>
    /// <param name="Status">A STATUS taken while frozen.</param>
    /// <param name="Thaw">The THAW's reply.</param>
    /// <param name="Copies">Both copies of every disk, in ubd order.</param>
    /// <param name="FrozenWindow">Wall time from FREEZE sent to THAW answered, the copies included.</param>
    public sealed record SnapshotThroughDriver(Answer Freeze, Answer Status, Answer Thaw, IReadOnlyList<DiskCopies> Copies, TimeSpan FrozenWindow)
    {
        /// <summary>Takes both snapshots of every disk of <paramref name="session"/>, with a FREEZE of <paramref name="deadlineMs"/>.</summary>
        public static SnapshotThroughDriver Take(DriverSession session, uint deadlineMs = 60_000)
        {
            ArgumentNullException.ThrowIfNull(session);
            foreach (DiskImage disk in session.Guest.Disks)
            {
                disk.CopyTo(SnapshotCheck.CopyPath(disk, "unfrozen"));
            }

            var clock = Stopwatch.StartNew();
            Answer freeze = session.Host.Freeze(deadlineMs);
            var copies = new List<DiskCopies>();
            foreach (DiskImage disk in session.Guest.Disks)
            {
                string frozen = SnapshotCheck.CopyPath(disk, "frozen");
                disk.CopyTo(frozen);
                copies.Add(new DiskCopies(disk, SnapshotCheck.CopyPath(disk, "unfrozen"), frozen));
            }

            Answer status = session.Host.Status();
            Answer thaw = session.Host.Thaw();
            return new SnapshotThroughDriver(freeze, status, thaw, copies, clock.Elapsed);
        }
    }
}
