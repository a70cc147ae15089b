using System.Linq;
using FsFreeze.Conformance.Framework;
using FsFreeze.Guest.Vfs;
using FsFreeze.Systems;

namespace FsFreeze.Conformance.EndToEnd
{
    /// <summary>
    /// The guest of the real-kernel end to end: applications write and nobody syncs, and the snapshot comes long
    /// before any periodic writeback or journal commit. What the model predicts there is what the kernel shows
    /// (<see cref="SyncFreeRun"/>; FsFreeze.RealKernel.Tests asserts the agreement on real ext4 and xfs images).
    /// </summary>
    public sealed class WorkloadWithoutSyncTests
    {
        [Test]
        [Requirement("FF-HOST-4")]
        public void WithoutTheFreeze_NothingAcknowledgedIsOnDisk_Ext4FlagsRecovery_XfsLogStaysClean()
        {
            ulong seed = Seeds.Current;
            SnapshotRunReport report = SnapshotRun.Execute(seed, SnapshotMode.NoQuiesce, [FilesystemTypes.Ext4, FilesystemTypes.Xfs], SyncFreeRun.Options);
            string why = SystemRuns.Replay(seed, nameof(WithoutTheFreeze_NothingAcknowledgedIsOnDisk_Ext4FlagsRecovery_XfsLogStaysClean));
            FilesystemVerdict ext4 = report.Filesystems.Single(static v => v.Type == FilesystemTypes.Ext4);
            FilesystemVerdict xfs = report.Filesystems.Single(static v => v.Type == FilesystemTypes.Xfs);
            Assert.Multiple(() =>
            {
                foreach (FilesystemVerdict v in report.Filesystems)
                {
                    Assert.That(v.AckedPages, Is.GreaterThan(0), $"{v.Type}: the workload wrote; {why}");
                    Assert.That(v.LostPages, Is.EqualTo(v.AckedPages), $"{v.Type}: every write is still in memory; {why}");
                    Assert.That(v.CleanWithoutReplay, Is.False, $"{v.Type}: incomplete; {why}");
                }

                // ext4 sets needs_recovery at mount; the xfs log is untouched until its first checkpoint.
                Assert.That(ext4.NeedsReplay, Is.True, why);
                Assert.That(xfs.NeedsReplay, Is.False, why);
            });
        }

        [Test]
        [Requirement("FF-HOST-4")]
        [Requirement("FF-DRV-23")]
        public void WithTheFreeze_EveryWriteIsOnDisk_Ext4Clean_XfsFlaggedWithNothingToReplay()
        {
            ulong seed = Seeds.Current;
            SnapshotRunReport report = SnapshotRun.Execute(seed, SnapshotMode.FsFreeze, [FilesystemTypes.Ext4, FilesystemTypes.Xfs], SyncFreeRun.Options);
            string why = SystemRuns.Replay(seed, nameof(WithTheFreeze_EveryWriteIsOnDisk_Ext4Clean_XfsFlaggedWithNothingToReplay));
            Assert.Multiple(() =>
            {
                foreach (FilesystemVerdict v in report.Filesystems)
                {
                    Assert.That((v.CleanWithoutReplay, v.LostPages, v.Image.JournalTransactions), Is.EqualTo((true, 0, 0)), $"{v.Type}: {why}");
                    Assert.That(v.NeedsReplay, Is.EqualTo(v.Type == FilesystemTypes.Xfs), $"{v.Type}: recovery flag; {why}");
                }
            });
        }
    }
}
