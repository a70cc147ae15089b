using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsFreeze.Conformance.Framework;
using FsFreeze.Device.Snapshot;
using FsFreeze.Guest.Vfs;
using FsFreeze.Systems;

namespace FsFreeze.Conformance.EndToEnd
{
    /// <summary>
    /// The seed's claims (Andrea Arcangeli, "RFC: moving fsfreeze support ... to the guest kernel") as properties
    /// over seeded whole-VM runs: with fsfreeze a snapshot (1) needs no journal replay on ext4/xfs, (2) holds the
    /// dirty cache, i.e. every acknowledged write, (3) is consistent for non-journaled ext2/vfat, and (4) reads
    /// complete without replay (xfs still flags its covered log for recovery, as the kernel does). Without it (only block I/O blocked, or nothing quiesced) the model must show the
    /// failures the seed predicts at least once over the runs, so the comparison means something. Every image is
    /// decoded from the host's copy of the disk, as a fresh mount would.
    /// </summary>
    public sealed class SeedClaimProperties
    {
        private const int RunsPerBatch = 16;

        private static Arbitrary<int> SeedArb => Arb.From(Gen.Choose(0, int.MaxValue));

        [Test]
        [Requirement("FF-HOST-4")]
        [Requirement("FF-DRV-23")]
        public void WithFsFreeze_EverySnapshotIsCleanWithoutReplay_AndHoldsEveryWriteAcknowledgedBeforeTheReply()
        {
            Property property = Prop.ForAll(SeedArb, seed =>
            {
                SnapshotRunReport report = SnapshotRun.Execute((ulong)seed, SnapshotMode.FsFreeze, SystemRuns.SeedTypes);
                string why = $"run seed {seed}";
                Assert.That(report.Snapshot!.Path, Is.EqualTo(SnapshotPath.Quiesced), why);
                foreach (FilesystemVerdict verdict in report.Filesystems)
                {
                    // Clean without replay: consistent and complete read without replay. The recovery flag is clear,
                    // except on xfs, whose freeze covers the log without an unmount record (nothing left to replay).
                    Assert.That((verdict.CleanWithoutReplay, verdict.Consistent, verdict.LostPages), Is.EqualTo((true, true, 0)), $"{verdict.Type}: {why}");
                    Assert.That(verdict.NeedsReplay, Is.EqualTo(verdict.Type.CoversLogOnFreeze), $"{verdict.Type}: recovery flag; {why}");
                    Assert.That(verdict.AckedPages, Is.GreaterThan(0), $"{verdict.Type}: the workload wrote before the freeze; {why}");
                }
            });
            Seeds.Check(property, maxTest: 12);
        }

        [TestCase(SnapshotMode.IoBlockOnly)]
        [TestCase(SnapshotMode.NoQuiesce)]
        [Requirement("FF-HOST-4")]
        public void WithoutFsFreeze_TheSeedsFailuresAreObserved(SnapshotMode mode)
        {
            Property property = Prop.ForAll(SeedArb, first =>
            {
                SnapshotRunReport[] runs = Enumerable.Range(0, RunsPerBatch)
                    .Select(i => SnapshotRun.Execute((ulong)first + (ulong)i, mode, SystemRuns.SeedTypes))
                    .ToArray();
                string why = $"{mode}, run seeds {first}..{first + RunsPerBatch - 1}";
                if (mode == SnapshotMode.IoBlockOnly)
                {
                    Assert.That(runs.All(static r => r.Snapshot!.Reason == SnapshotFallbackReason.NoDriver), Is.True, why);
                }

                foreach (FilesystemType type in SystemRuns.SeedTypes)
                {
                    FilesystemVerdict[] verdicts = runs.Select(r => r.Filesystems.Single(v => v.Type == type)).ToArray();

                    // Claim 2: the dirty cache is not in the image; acknowledged writes are missing.
                    Assert.That(verdicts.Any(static v => v.LostPages > 0), Is.True, $"{type}: no acknowledged write was ever lost; {why}");
                    if (type.Journaled)
                    {
                        // Claims 1 and 4: a journaled image needs its journal replayed before it can be mounted.
                        Assert.That(verdicts.Any(static v => v.NeedsReplay), Is.True, $"{type}: never needed replay; {why}");
                    }
                    else if (!type.CopyOnWrite)
                    {
                        // Claim 3: an in-place, non-journaled image can be caught mid-update.
                        Assert.That(verdicts.Any(static v => !v.Consistent), Is.True, $"{type}: never inconsistent; {why}");
                    }
                    else
                    {
                        // Copy-on-write stays consistent and needs no replay; only the dirty cache is at stake.
                        Assert.That(verdicts.All(static v => v.Image.ReadableWithoutReplay && !v.NeedsReplay), Is.True, $"{type}: {why}");
                    }
                }
            });
            Seeds.Check(property, maxTest: 3);
        }

        [Test]
        [Requirement("FF-DRV-23")]
        public void TheSameSeeds_WithFsFreeze_ShowNoneOfThoseFailures()
        {
            // The contrast on identical workload seeds: what the two fallbacks show above, fsfreeze never does.
            ulong first = Seeds.Current;
            var failures = new List<string>();
            for (ulong i = 0; i < RunsPerBatch; i++)
            {
                SnapshotRunReport report = SnapshotRun.Execute(first + i, SnapshotMode.FsFreeze, SystemRuns.SeedTypes);
                failures.AddRange(report.Filesystems.Where(static v => !v.CleanWithoutReplay || v.LostPages > 0).Select(v => $"{v.Type} seed {first + i}"));
            }

            Assert.That(failures, Is.Empty, SystemRuns.Replay(first, nameof(TheSameSeeds_WithFsFreeze_ShowNoneOfThoseFailures)));
        }
    }
}
