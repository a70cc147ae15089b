using System;
using System.Collections.Generic;
using FsFreeze.Simulation;

namespace FsFreeze.Simulation.Tests
{
    public sealed class SchedulerTests
    {
        [Test]
        public void Timers_FireInDueThenArmingOrder_AndCancelledOnesNever()
        {
            var clock = new VirtualClock();
            var fired = new List<string>();
            clock.Schedule(TimeSpan.FromMilliseconds(20), "b", () => fired.Add("b"));
            clock.Schedule(TimeSpan.FromMilliseconds(10), "a", () => fired.Add("a"));
            clock.Schedule(TimeSpan.FromMilliseconds(20), "c", () => fired.Add("c"));
            SimTimer d = clock.Schedule(TimeSpan.FromMilliseconds(15), "d", () => fired.Add("d"));
            Assert.That(clock.Cancel(d), Is.True);
            clock.AdvanceTo(TimeSpan.FromMilliseconds(19));
            Assert.That(fired, Is.EqualTo(new[] { "a" }));
            clock.Advance(TimeSpan.FromMilliseconds(5));
            Assert.That(fired, Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(clock.Now, Is.EqualTo(TimeSpan.FromMilliseconds(24)));
            Assert.That(clock.Cancel(d), Is.False);
        }

        [Test]
        public void Sleep_WakesAtItsVirtualTime()
        {
            var scheduler = new Scheduler(3);
            TimeSpan woke = TimeSpan.Zero;
            scheduler.Spawn("sleeper", Sleeper(scheduler, w => woke = w));
            RunResult run = scheduler.Run();
            Assert.That(run.Outcome, Is.EqualTo(RunOutcome.Completed), run.ToString());
            Assert.That(woke, Is.EqualTo(TimeSpan.FromSeconds(5)));
        }

        [Test]
        public void TaskParkedForever_IsReportedHung_WithItsQueue()
        {
            var scheduler = new Scheduler(3);
            var queue = new WaitQueue("never");
            scheduler.Spawn("stuck", Park(queue));
            RunResult run = scheduler.Run();
            Assert.That(run.Outcome, Is.EqualTo(RunOutcome.Hung));
            Assert.That(run.Blocked, Has.Count.EqualTo(1));
            Assert.That(run.Blocked[0].Queue, Is.EqualTo("never"));
            Assert.That(run.ToString(), Does.Contain("seed 3"));
        }

        [Test]
        public void SameSeed_SameInterleaving_OtherSeed_Differs()
        {
            List<string> first = Interleave(7);
            List<string> again = Interleave(7);
            Assert.That(again, Is.EqualTo(first));
            Assert.That(Interleave(8), Is.Not.EqualTo(first));
        }

        [Test]
        public void Semaphore_HandsOffInQueueOrder_AndQueuedWriterHoldsBackNewReaders()
        {
            var scheduler = new Scheduler(1, SchedulingPolicy.Fifo);
            var sem = new SimRwSemaphore("sem");
            var order = new List<string>();
            Assert.That(sem.TryDownRead(), Is.True);
            scheduler.Spawn("writer", Hold(sem, true, "w", order));
            scheduler.RunUntilIdle();
            Assert.That(sem.TryDownRead(), Is.False, "a queued writer blocks new readers");
            scheduler.Spawn("r1", Hold(sem, false, "r1", order));
            scheduler.Spawn("r2", Hold(sem, false, "r2", order));
            scheduler.RunUntilIdle();
            Assert.That(order, Is.Empty);
            sem.UpRead();
            scheduler.Run();
            Assert.That(order, Is.EqualTo(new[] { "w", "r1", "r2" }));
        }

        private static IEnumerable<Wait> Hold(SimRwSemaphore sem, bool write, string name, List<string> order)
        {
            foreach (Wait w in write ? sem.DownWrite() : sem.DownRead())
            {
                yield return w;
            }

            order.Add(name);
            yield return Wait.Yield;
            if (write)
            {
                sem.UpWrite();
            }
            else
            {
                sem.UpRead();
            }
        }

        private static List<string> Interleave(ulong seed)
        {
            var scheduler = new Scheduler(seed);
            var order = new List<string>();
            for (int t = 0; t < 4; t++)
            {
                scheduler.Spawn($"t{t}", Count($"t{t}", order));
            }

            scheduler.Run();
            return order;
        }

        private static IEnumerable<Wait> Count(string name, List<string> order)
        {
            for (int i = 0; i < 5; i++)
            {
                order.Add(name);
                yield return Wait.Yield;
            }
        }

        private static IEnumerable<Wait> Sleeper(Scheduler scheduler, Action<TimeSpan> report)
        {
            yield return scheduler.Sleep(TimeSpan.FromSeconds(5));
            report(scheduler.Clock.Now);
        }

        private static IEnumerable<Wait> Park(WaitQueue queue)
        {
            yield return queue;
        }
    }
}
