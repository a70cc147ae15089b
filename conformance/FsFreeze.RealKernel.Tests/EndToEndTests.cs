using FsFreeze.Device.Snapshot;
using FsFreeze.Guest.Vfs;
using FsFreeze.Systems;

namespace FsFreeze.RealKernel.Tests
{
    /// <summary>
    /// Issue 7's end to end: FREEZE over the virtqueue, the driver freezes the real filesystem, the orchestrator
    /// copies the image, THAW; the copy is then examined read-only. Without the freeze the copy shows the
    /// difference. The model's prediction is the simulated VM's snapshot of the same type in the same mode.
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
            FilesystemVerdict model = Predict(type, SnapshotMode.FsFreeze);
            RealSnapshotReport report = RealSnapshotRun.Execute(type, RealSnapshotMode.FsFreeze);
            TestContext.Out.WriteLine($"{type} fsfreeze: kernel {report.Copy}; model clean={model.CleanWithoutReplay} lost={model.LostPages}; calls {string.Join(", ", report.BackendCalls)}");
            Assert.Multiple(() =>
            {
                Assert.That(report.Snapshot!.Path, Is.EqualTo(SnapshotPath.Quiesced));
                Assert.That(report.BackendCalls, Has.Length.EqualTo(2), "one FIFREEZE, one FITHAW");
                Assert.That((model.LostPages, report.Copy.FilesLost), Is.EqualTo((0, 0)), $"model and kernel: nothing acknowledged is lost (mounted {report.Copy.MountedWith})");
                if (type == "ext4")
                {
                    // dumpe2fs -h: no needs_recovery, so the copy mounts read-only as it is.
                    Assert.That(report.Copy.NeedsRecovery, Is.EqualTo(model.NeedsReplay).And.False, report.Copy.Detail);
                }
            });

            // xfs: every file is in place (norecovery shows them all), but the kernel leaves the covered log
            // formally dirty, so a read-only device refuses the plain mount; the model calls the log clean.
            // Reported here, not asserted: see the README's note on the real-kernel rows.
        }

        [TestCase("ext4")]
        [TestCase("xfs")]
        [Category("FF-HOST-4")]
        public void WithoutTheFreeze_TheCopyNeedsReplayOrMissesFiles_AsTheModelPredicts(string type)
        {
            Begin(type);
            FilesystemVerdict model = Predict(type, SnapshotMode.NoQuiesce);
            RealSnapshotReport report = RealSnapshotRun.Execute(type, RealSnapshotMode.NoQuiesce);
            TestContext.Out.WriteLine($"{type} no-quiesce: kernel {report.Copy}; model replay={model.NeedsReplay} lost={model.LostPages} of {model.AckedPages}");
            Assert.That(model.NeedsReplay || model.LostPages > 0, Is.True, "the model predicts a difference");
            Assert.That(report.Copy.NeedsRecovery || report.Copy.FilesLost > 0, Is.True, $"the kernel shows one: {report.Copy}");
        }

        private static FilesystemVerdict Predict(string type, SnapshotMode mode) =>
            SnapshotRun.Execute(1, mode, [FilesystemTypes.Find(type)!]).Filesystems[0];
    }
}
