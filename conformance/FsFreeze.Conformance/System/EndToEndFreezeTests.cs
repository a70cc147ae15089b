using System;
using System.Linq;
using FsFreeze.Conformance.Framework;
using FsFreeze.Device.Host;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Simulation;
using FsFreeze.Systems;

namespace FsFreeze.Conformance.EndToEnd
{
    /// <summary>
    /// FREEZE and THAW end to end: the host API sends through the reference device and virtio-mmio transport, the
    /// real driver model freezes the real VFS model's superblocks, and the reply travels back on replyq. Nothing is
    /// scripted on either side.
    /// </summary>
    public sealed class EndToEndFreezeTests
    {
        [Test]
        [Requirement("FF-HOST-1")]
        [Requirement("FF-DRV-15")]
        [Requirement("FF-DRV-20")]
        [Requirement("FF-DRV-23")]
        [Requirement("FF-DRV-24")]
        public void HostFreeze_DriverFreezesEverySuperblockNewestFirst_CleanOnDisk_ThenHostThaw()
        {
            ulong seed = Seeds.Current;
            string why = SystemRuns.Replay(seed, nameof(HostFreeze_DriverFreezesEverySuperblockNewestFirst_CleanOnDisk_ThenHostThaw));
            FsFreezeSystem vm = SystemRuns.Vm(seed);
            var workload = new Workload(vm);
            workload.Start();
            vm.Scheduler.RunFor(TimeSpan.FromMilliseconds(30));

            HostResult freeze = SystemRuns.Complete(vm, vm.Host.Freeze(30_000));
            Assert.That((freeze.Kind, freeze.Status, freeze.State, freeze.Reply.FrozenCount), Is.EqualTo((HostResultKind.Completed, ReplyStatus.Ok, GuestFreezeState.Frozen, (uint)vm.Filesystems.Count)), why);

            // FF-DRV-15: newest superblock first; FF-DRV-23: at the reply every one is COMPLETE, written back and committed.
            int[] order = vm.Driver.HeldSuperBlocks.Cast<SuperBlock>().Select(static sb => sb.Id).ToArray();
            Assert.That(order, Is.EqualTo(order.OrderByDescending(static id => id).ToArray()), why);
            foreach (SystemFilesystem fs in vm.Filesystems)
            {
                OnDiskImage image = VirtualFileSystem.OnDiskImage(fs.SuperBlock);
                // Nothing left to replay; the flag stays only on xfs's covered log (CoversLogOnFreeze).
                Assert.That((fs.SuperBlock.IsFrozen, image.ReadableWithoutReplay, image.NotOnDisk.Count), Is.EqualTo((true, true, 0)), $"{fs.SuperBlock}: {why}");
                Assert.That(image.NeedsRecovery, Is.EqualTo(fs.Type.CoversLogOnFreeze), $"{fs.SuperBlock} recovery flag: {why}");
            }

            int ackedAtFreeze = workload.Acked.Count;
            vm.Scheduler.RunFor(TimeSpan.FromMilliseconds(50));
            Assert.That(workload.Acked, Has.Count.EqualTo(ackedAtFreeze), "no write completes while frozen; " + why);

            HostResult thaw = SystemRuns.Complete(vm, vm.Host.Thaw());
            Assert.That((thaw.Status, thaw.State, thaw.Reply.ThawedCount), Is.EqualTo((ReplyStatus.Ok, GuestFreezeState.Thawed, (uint)vm.Filesystems.Count)), why);
            Assert.That(vm.Filesystems.All(static fs => fs.SuperBlock.Frozen == FreezeLevel.Unfrozen), Is.True, why);
            vm.Scheduler.RunFor(TimeSpan.FromMilliseconds(20));
            Assert.That(workload.Acked, Has.Count.GreaterThan(ackedAtFreeze), "writers blocked by the freeze go on after the thaw; " + why);

            workload.Stop();
            RunResult end = vm.Scheduler.Run();
            Assert.That(end.Outcome, Is.EqualTo(RunOutcome.Completed), $"{end}; {why}");
        }

        [Test]
        [Requirement("FF-DRV-27")]
        [Requirement("FF-HOST-2")]
        [Requirement("FF-DEV-13")]
        public void HostVanishesAfterFreeze_GuestAutoThawsAtTheDeadline_AndReportsAutoThawed()
        {
            ulong seed = Seeds.Current;
            string why = SystemRuns.Replay(seed, nameof(HostVanishesAfterFreeze_GuestAutoThawsAtTheDeadline_AndReportsAutoThawed));
            FsFreezeSystem vm = SystemRuns.Vm(seed);
            const uint deadlineMs = 2_000;
            TimeSpan sent = vm.Scheduler.Clock.Now;
            HostResult freeze = SystemRuns.Complete(vm, vm.Host.Freeze(deadlineMs));
            Assert.That((freeze.Status, freeze.State), Is.EqualTo((ReplyStatus.Ok, GuestFreezeState.Frozen)), why);
            TimeSpan due = sent + TimeSpan.FromMilliseconds(deadlineMs);

            // The host says nothing more (it crashed, or its management stack lost the operation).
            vm.Scheduler.RunFor(SystemRuns.Until(vm, due - TimeSpan.FromMilliseconds(1)));
            Assert.That(vm.Filesystems.All(static fs => fs.SuperBlock.IsFrozen), Is.True, "held until the deadline; " + why);

            vm.Scheduler.RunFor(TimeSpan.FromMilliseconds(10));
            Assert.That(vm.Filesystems.All(static fs => fs.SuperBlock.Frozen == FreezeLevel.Unfrozen), Is.True, "no superblock frozen past the deadline; " + why);
            Assert.That(vm.Driver.HeldSuperBlocks, Is.Empty, why);
            Assert.That(vm.Host.AutoThawedEvents, Is.EqualTo(1), why);
            Assert.That(vm.Host.LastKnownState!.State, Is.EqualTo(GuestFreezeState.Thawed), why);
            Assert.That(vm.Host.LastKnownState.ReportedAt, Is.GreaterThanOrEqualTo(due), why);
            Assert.That(vm.Scheduler.Run().Outcome, Is.EqualTo(RunOutcome.Completed), "nothing left armed; " + why);
        }
    }
}
