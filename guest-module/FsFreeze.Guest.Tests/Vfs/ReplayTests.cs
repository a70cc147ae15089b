using System.Linq;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>Seeded workloads replay exactly, and freezing under load loses nothing.</summary>
    public sealed class ReplayTests
    {
        [Test]
        public void PinnedSeed_ReplaysTheSameTrace()
        {
            var first = new SeededWorkload(0x5EED_F5F2);
            var again = new SeededWorkload(0x5EED_F5F2);
            Assert.That(first.Outcome.Outcome, Is.EqualTo(RunOutcome.Completed), first.Outcome.ToString());
            Assert.That(again.World.Scheduler.Trace, Is.EqualTo(first.World.Scheduler.Trace));
            Assert.That(first.World.Scheduler.Trace.Count(static l => l.Contains("frozen=Complete", System.StringComparison.Ordinal)), Is.EqualTo(6));
        }

        [Property(MaxTest = 40, Replay = "(20260512, 40521025)")]
        public bool AnySeed_ReplaysIdentically_CompletesAndLosesNoWrite(ulong seed)
        {
            var run = new SeededWorkload(seed);
            var replay = new SeededWorkload(seed);
            bool ok = run.Outcome.Outcome == RunOutcome.Completed
                && run.FreezeFailures == 0
                && run.Completed.Count == 48
                && run.NoWriteLost()
                && replay.World.Scheduler.Trace.SequenceEqual(run.World.Scheduler.Trace);
            if (!ok)
            {
                TestContext.Out.WriteLine($"workload failed: seed {seed}; {run.Outcome}");
            }

            return ok;
        }
    }
}
