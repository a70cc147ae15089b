using System;
using System.Linq;
using FsFreeze.Conformance.Framework;
using FsFreeze.Device.Snapshot;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Simulation;
using FsFreeze.Systems;

namespace FsFreeze.Conformance.EndToEnd
{
    /// <summary>Snapshot orchestration (FF-HOST-4..6) with the real driver and VFS behind the device, and without a driver.</summary>
    public sealed class EndToEndSnapshotTests
    {
        [Test]
        [Requirement("FF-HOST-4")]
        [Requirement("FF-HOST-5")]
        [Requirement("FF-HOST-6")]
        [Requirement("FF-DRV-23")]
        public void Snapshot_WithTheDriverLoaded_IsQuiesced_AndEveryImageMountsClean()
        {
            ulong seed = Seeds.Current;
            string why = SystemRuns.Replay(seed, nameof(Snapshot_WithTheDriverLoaded_IsQuiesced_AndEveryImageMountsClean));
            FsFreezeSystem vm = SystemRuns.Vm(seed);
            var workload = new Workload(vm);
            workload.Start();
            vm.Scheduler.RunFor(TimeSpan.FromMilliseconds(40));

            var options = new SnapshotOptions { FreezeDeadlineMs = 5_000, CopyDuration = TimeSpan.FromMilliseconds(300) };
            SnapshotResult result = vm.RunToCompletion(vm.Orchestrator(options).Snapshot());
            Assert.That((result.Path, result.Reason, result.DrainTimedOut, result.GuestThawedBeforeCopyCompleted), Is.EqualTo((SnapshotPath.Quiesced, SnapshotFallbackReason.None, false, false)), why);
            Assert.That((result.ThawResult!.Status, result.ThawResult.State), Is.EqualTo((ReplyStatus.Ok, GuestFreezeState.Thawed)), why);
            Assert.That(result.FrozenTime, Is.GreaterThanOrEqualTo(options.CopyDuration), why);
            Assert.That(result.Copies, Has.Count.EqualTo(vm.Filesystems.Count), why);
            Assert.That(vm.Disks.All(static d => !d.IsBlocked), Is.True, "FF-HOST-5: I/O resumed; " + why);
            foreach (SystemFilesystem fs in vm.Filesystems)
            {
                OnDiskImage image = fs.Examine(result.Copies[fs.Index].Image);
                Assert.That(image.ReadableWithoutReplay, Is.True, $"{fs.SuperBlock}: {why}");
                Assert.That(image.NeedsRecovery, Is.EqualTo(fs.Type.CoversLogOnFreeze), $"{fs.SuperBlock} recovery flag (set only by xfs's covered log): {why}");
            }

            workload.Stop();
            Assert.That(vm.Scheduler.Run().Outcome, Is.EqualTo(RunOutcome.Completed), why);
            Assert.That(vm.Filesystems.All(static fs => fs.SuperBlock.Frozen == FreezeLevel.Unfrozen), Is.True, why);
        }

        [Test]
        [Requirement("FF-HOST-4")]
        [Requirement("FF-HOST-5")]
        public void Snapshot_WithoutTheDriver_IsIoBlockOnly_NoDriver_AndStillDrainsAndResumes()
        {
            ulong seed = Seeds.Current;
            string why = SystemRuns.Replay(seed, nameof(Snapshot_WithoutTheDriver_IsIoBlockOnly_NoDriver_AndStillDrainsAndResumes));
            FsFreezeSystem vm = SystemRuns.Vm(seed, loadDriver: false);
            var workload = new Workload(vm);
            workload.Start();
            vm.Scheduler.RunFor(TimeSpan.FromMilliseconds(40));

            SnapshotResult result = vm.RunToCompletion(vm.Orchestrator(new SnapshotOptions { CopyDuration = TimeSpan.FromMilliseconds(300) }).Snapshot());
            Assert.That((result.Path, result.Reason, result.FreezeResult, result.ThawResult, result.DrainTimedOut), Is.EqualTo((SnapshotPath.IoBlockOnly, SnapshotFallbackReason.NoDriver, (object?)null, (object?)null, false)), why);
            Assert.That(result.Copies, Has.Count.EqualTo(vm.Filesystems.Count), why);
            Assert.That(vm.Disks.All(static d => !d.IsBlocked), Is.True, "FF-HOST-5: I/O resumed; " + why);
            Assert.That(vm.Filesystems.All(static fs => fs.SuperBlock.Frozen == FreezeLevel.Unfrozen), Is.True, "nothing in the guest was frozen; " + why);

            workload.Stop();
            Assert.That(vm.Scheduler.Run().Outcome, Is.EqualTo(RunOutcome.Completed), why);
        }

        [TestCase(SnapshotMode.FsFreeze)]
        [TestCase(SnapshotMode.IoBlockOnly)]
        [TestCase(SnapshotMode.NoQuiesce)]
        [Requirement("FF-HOST-4")]
        public void SnapshotRun_IsReplayable_TheSameSeedGivesTheSameReport(SnapshotMode mode)
        {
            ulong seed = Seeds.Current;
            string why = SystemRuns.Replay(seed, nameof(SnapshotRun_IsReplayable_TheSameSeedGivesTheSameReport));
            SnapshotRunReport first = SnapshotRun.Execute(seed, mode, SystemRuns.SeedTypes);
            SnapshotRunReport second = SnapshotRun.Execute(seed, mode, SystemRuns.SeedTypes);
            Assert.That(first.Run.Outcome, Is.EqualTo(RunOutcome.Completed), $"{first.Run}; {why}");
            Assert.That(Summary(second), Is.EqualTo(Summary(first)), why);
            Assert.That((second.Cut, second.Run.Steps, second.FrozenTime), Is.EqualTo((first.Cut, first.Run.Steps, first.FrozenTime)), why);
        }

        private static string Summary(SnapshotRunReport report) => string.Join("; ", report.Filesystems.Select(static v =>
            $"{v.Type} flags={v.Image.Flags} journal={v.Image.JournalTransactions} gen={v.Image.Generation} pages={string.Join(",", v.Image.Data.Select(static d => $"{d.Key}={d.Value}"))} lost={v.LostPages}/{v.AckedPages}"));
    }
}
