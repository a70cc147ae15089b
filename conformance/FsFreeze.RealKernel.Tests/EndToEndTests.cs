using FsFreeze.Device.Snapshot;
using FsFreeze.Guest.Vfs;
using FsFreeze.Systems;

namespace FsFreeze.RealKernel.Tests
{
    /// <summary>
    /// Issue 7's end to end: FREEZE over the virtqueue, the driver freezes the real filesystem, the orchestrator
    /// copies the image, THAW; the copy is then examined read-only. Without the freeze the copy shows the
    /// difference. The model's prediction is the simulated VM's snapshot of the same scenario (<see cref="SyncFreeRun"/>:
    /// writes that nobody syncs, the same mode), and model and kernel must agree on every column the demo shows.
    /// </summary>
    public sealed class EndToEndTests : RealKernelFixture
    {
        [TestCase("ext4")]
        [TestCase("xfs")]
        [Category("FF-DRV-23")]
        [Category("FF-HOST-4")]
        public void WithTheFreeze_TheCopyHasEveryFileWrittenBeforeTheReply_WithoutReplay(string type)
        {
            Begin(type);
            FilesystemVerdict model = SyncFreeRun.Predict(FilesystemTypes.Find(type)!, SnapshotMode.FsFreeze);
            RealSnapshotReport report = RealSnapshotRun.Execute(type, RealSnapshotMode.FsFreeze);
            TestContext.Out.WriteLine($"{type} fsfreeze: kernel {report.Copy}; model {Describe(model)}; calls {string.Join(", ", report.BackendCalls)}");
            Assert.Multiple(() =>
            {
                Assert.That(report.Snapshot!.Path, Is.EqualTo(SnapshotPath.Quiesced));
                Assert.That(report.BackendCalls, Has.Length.EqualTo(2), "one FIFREEZE, one FITHAW");
                AssertAgreement(model, report.Copy);

                // The seed's claim, on both: every file is in the copy, read without replay.
                Assert.That((model.CleanWithoutReplay, report.Copy.CleanWithoutReplay), Is.EqualTo((true, true)), $"mounted {report.Copy.MountedWith}");

                // ext4_freeze clears needs_recovery; xfs_fs_freeze covers the log without an unmount record, so the
                // copy flags recovery with nothing left to replay (a plain ro mount of a read-only device is refused).
                Assert.That((report.Copy.NeedsRecovery, report.Copy.NothingToReplay), Is.EqualTo((type == "xfs", true)), report.Copy.Detail);
            });
        }

        [TestCase("ext4")]
        [TestCase("xfs")]
        [Category("FF-HOST-4")]
        public void WithoutTheFreeze_TheCopyMissesTheFiles_AndFlagsRecoveryOnlyOnExt4_AsTheModelPredicts(string type)
        {
            Begin(type);
            FilesystemVerdict model = SyncFreeRun.Predict(FilesystemTypes.Find(type)!, SnapshotMode.NoQuiesce);
            RealSnapshotReport report = RealSnapshotRun.Execute(type, RealSnapshotMode.NoQuiesce);
            TestContext.Out.WriteLine($"{type} no-quiesce: kernel {report.Copy}; model {Describe(model)}");
            Assert.Multiple(() =>
            {
                AssertAgreement(model, report.Copy);

                // Nothing was synced: every acknowledged write is still in memory (page cache, jbd2's running
                // transaction, xfs's CIL). ext4 set needs_recovery at mount; the xfs log still ends in its unmount record.
                Assert.That((model.LostPages == model.AckedPages, report.Copy.FilesLost == report.Copy.FilesWritten), Is.EqualTo((true, true)), "everything acknowledged is missing");
                Assert.That(report.Copy.NeedsRecovery, Is.EqualTo(type == "ext4"), report.Copy.Detail);
            });
        }

        [TestCase("ext4")]
        [TestCase("xfs")]
        [Category("FF-HOST-4")]
        public void WithSyncfsButNoFreeze_TheJournalHoldsWorkToReplay_AsTheModelPredicts(string type)
        {
            // The log-force half of delayed logging: syncfs (xfs_fs_sync_fs → xfs_log_force) writes the CIL to the log
            // as a checkpoint, so the copy flags recovery and a replay has inodes to apply, unlike a frozen copy.
            Scratch scratch = Begin(type);
            var model = new ModelKernel();
            SuperBlock sb = model.Mount(type, "/data");
            LoopImage image = LoopImage.Create(scratch, type, "fs");
            for (int i = 0; i < RealSnapshotRun.DefaultFiles; i++)
            {
                Assert.That(model.Call(model.Vfs.Write("/data/" + CopyExamination.FileName(i), 0, i + 1)), Is.EqualTo(Errno.None));
                System.IO.File.WriteAllText(System.IO.Path.Combine(image.MountPoint, CopyExamination.FileName(i)), CopyExamination.FileContent(i));
            }

            Assert.That(model.Call(model.Vfs.Syncfs(sb)), Is.EqualTo(Errno.None));
            Commands.Require("sync", "-f", image.MountPoint);
            string copyPath = System.IO.Path.Combine(scratch.Root, "copy.img");
            new ImageFileDisk(type, image.ImagePath, copyPath).Copy();
            CopyVerdict kernel = CopyExamination.Examine(scratch, type, copyPath, RealSnapshotRun.DefaultFiles, "copy");
            OnDiskImage predicted = VirtualFileSystem.OnDiskImage(sb);
            TestContext.Out.WriteLine($"{type} syncfs: kernel {kernel}; model replay={predicted.NeedsRecovery} journal={predicted.JournalTransactions}");
            Assert.Multiple(() =>
            {
                Assert.That(predicted.NeedsRecovery, Is.EqualTo(kernel.NeedsRecovery).And.True, kernel.Detail);
                Assert.That(predicted.JournalTransactions == 0, Is.EqualTo(kernel.NothingToReplay).And.False, kernel.Detail);
                Assert.That(kernel.CleanWithoutReplay, Is.False, "a copy whose journal holds work is not clean without replay");
            });
        }

        /// <summary>Model and kernel agree on the demo's columns: recovery flagged, clean without replay, anything lost.</summary>
        private static void AssertAgreement(FilesystemVerdict model, CopyVerdict kernel)
        {
            Assert.That(model.NeedsReplay, Is.EqualTo(kernel.NeedsRecovery), $"needs replay: model vs kernel ({kernel.Detail})");
            Assert.That(model.Image.JournalTransactions == 0, Is.EqualTo(kernel.NothingToReplay), $"nothing to replay: model vs kernel ({kernel.Detail})");
            Assert.That(model.CleanWithoutReplay, Is.EqualTo(kernel.CleanWithoutReplay), $"clean without replay: model vs kernel (mounted {kernel.MountedWith})");
            Assert.That(model.LostPages > 0, Is.EqualTo(kernel.FilesLost > 0), $"acknowledged writes lost: model {model.LostPages} of {model.AckedPages} pages, kernel {kernel.FilesLost} of {kernel.FilesWritten} files");
        }

        private static string Describe(FilesystemVerdict v) =>
            $"replay={v.NeedsReplay} clean={v.CleanWithoutReplay} journal={v.Image.JournalTransactions} lost={v.LostPages} of {v.AckedPages}";
    }
}
