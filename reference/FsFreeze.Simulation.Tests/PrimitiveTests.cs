using System;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Simulation;

namespace FsFreeze.Simulation.Tests
{
    /// <summary>
    /// The simulation's small pieces one by one (clock, timers, wait queues, the reader/writer semaphore,
    /// operations, the random source): cases the mutation run found untested.
    /// </summary>
    public sealed class PrimitiveTests
    {
        [Test]
        public void Clock_NegativeDelay_IsDueNow_AndTimerStateFollowsItsLife()
        {
            var clock = new VirtualClock();
            clock.Advance(TimeSpan.FromMilliseconds(10));
            int fired = 0;
            SimTimer timer = clock.Schedule(TimeSpan.FromMilliseconds(-5), "past", () => fired++);
            Assert.Multiple(() =>
            {
                Assert.That(timer.Due, Is.EqualTo(TimeSpan.FromMilliseconds(10)));
                Assert.That(clock.NextDue, Is.EqualTo(TimeSpan.FromMilliseconds(10)));
                Assert.That(clock.PendingTimers, Is.EqualTo(1));
                Assert.That(timer.IsPending, Is.True);
                Assert.That(timer.HasFired, Is.False);
                Assert.That(timer.ToString(), Is.EqualTo("past@10ms"));
            });
            Assert.That(clock.FireNext(), Is.True);
            Assert.Multiple(() =>
            {
                Assert.That(fired, Is.EqualTo(1));
                Assert.That(clock.Now, Is.EqualTo(TimeSpan.FromMilliseconds(10)), "a timer due in the past does not move time back");
                Assert.That(timer.IsPending, Is.False);
                Assert.That(timer.HasFired, Is.True);
                Assert.That(clock.PendingTimers, Is.Zero);
                Assert.That(clock.NextDue, Is.Null);
                Assert.That(clock.FireNext(), Is.False);
                Assert.That(clock.Cancel(timer), Is.False, "a fired timer cannot be cancelled");
            });
        }

        [Test]
        public void Clock_AdvanceTo_FiresTimersDueExactlyThen_AndNeverGoesBack()
        {
            var clock = new VirtualClock();
            var fired = new List<string>();
            clock.Schedule(TimeSpan.FromMilliseconds(9), "late", () => fired.Add("late"));
            clock.Schedule(TimeSpan.FromMilliseconds(5), "edge", () => fired.Add("edge"));
            Assert.That(clock.NextDue, Is.EqualTo(TimeSpan.FromMilliseconds(5)), "the earliest timer is next");
            SimTimer cancelled = clock.Schedule(TimeSpan.FromMilliseconds(5), "cancelled", () => fired.Add("cancelled"));
            Assert.That(clock.Cancel(cancelled), Is.True);
            Assert.That(cancelled.IsPending, Is.False);
            clock.AdvanceTo(TimeSpan.FromMilliseconds(5));
            Assert.That(fired, Is.EqualTo(new[] { "edge" }));
            clock.AdvanceTo(TimeSpan.FromMilliseconds(2));
            Assert.That(clock.Now, Is.EqualTo(TimeSpan.FromMilliseconds(5)));
            Assert.That(() => clock.Schedule(TimeSpan.Zero, "x", null!), Throws.ArgumentNullException);
            Assert.That(() => clock.Cancel(null!), Throws.ArgumentNullException);
        }

        [Test]
        public void WaitQueue_WakeAll_CountsTheTasksItWoke()
        {
            var scheduler = new Scheduler(1, SchedulingPolicy.Fifo);
            var queue = new WaitQueue("q");
            scheduler.Spawn("a", Park(queue));
            scheduler.Spawn("b", Park(queue));
            RunResult parked = scheduler.RunUntilIdle();
            Assert.Multiple(() =>
            {
                Assert.That(parked.Outcome, Is.EqualTo(RunOutcome.Hung));
                Assert.That(parked.ToString(), Does.EndWith("; blocked: #1 a on q, #2 b on q"));
                Assert.That(scheduler.Trace, Does.Contain("0ms #1 a: wait q"));
                Assert.That(queue.Count, Is.EqualTo(2));
                Assert.That(queue.ToString(), Is.EqualTo("q"));
                Assert.That(scheduler.LiveTasks.Select(t => t.State), Is.All.EqualTo(TaskState.Blocked));
                Assert.That(scheduler.LiveTasks[0].WaitingOn, Is.SameAs(queue));
            });
            Assert.That(queue.WakeAll(), Is.EqualTo(2));
            Assert.Multiple(() =>
            {
                Assert.That(queue.Count, Is.Zero);
                Assert.That(queue.WakeOne(), Is.False);
                Assert.That(scheduler.LiveTasks.Select(t => t.State), Is.All.EqualTo(TaskState.Runnable));
                Assert.That(scheduler.LiveTasks[0].WaitingOn, Is.Null);
            });
            RunResult run = scheduler.RunUntilIdle();
            Assert.That(run.Outcome, Is.EqualTo(RunOutcome.Completed));
            Assert.That(run.Steps, Is.EqualTo(2));
        }

        [Test]
        public void Semaphore_Readers_ShareIt_AndAWriterWaitsForTheLast()
        {
            var sem = new SimRwSemaphore("s_umount");
            Assert.That(sem.TryDownRead(), Is.True);
            Assert.That(sem.TryDownRead(), Is.True);
            Assert.That(sem.Readers, Is.EqualTo(2));
            var scheduler = new Scheduler(1, SchedulingPolicy.Fifo);
            bool written = false;
            bool heldWhileWriting = false;
            scheduler.Spawn("writer", Write(sem, () => (written, heldWhileWriting) = (true, sem.WriterHeld)));
            RunResult waiting = scheduler.RunUntilIdle();
            Assert.Multiple(() =>
            {
                Assert.That(waiting.Blocked.Single().Queue, Is.EqualTo("s_umount (write)"));
                Assert.That(written, Is.False);
                Assert.That(sem.Waiting, Is.EqualTo(1));
                Assert.That(sem.TryDownRead(), Is.False, "a queued writer holds back new readers");
            });
            sem.UpRead();
            scheduler.RunUntilIdle();
            Assert.That(written, Is.False, "one reader still holds it");
            Assert.That(sem.WriterHeld, Is.False);
            sem.UpRead();
            scheduler.RunUntilIdle();
            Assert.Multiple(() =>
            {
                Assert.That(written, Is.True);
                Assert.That(heldWhileWriting, Is.True, "the hand-off gives the writer the semaphore");
                Assert.That(sem.WriterHeld, Is.False, "the writer released it");
                Assert.That(sem.Readers, Is.Zero);
                Assert.That(sem.Waiting, Is.Zero);
                Assert.That(sem.Name, Is.EqualTo("s_umount"));
            });
        }

        [Test]
        public void Semaphore_ReleasedWriter_HandsOffToAllQueuedReaders()
        {
            var sem = new SimRwSemaphore("s");
            var scheduler = new Scheduler(1, SchedulingPolicy.Fifo);
            var log = new List<string>();
            scheduler.Spawn("w1", Hold(sem, log, "w1"));
            scheduler.RunUntilIdle();
            Assert.That(sem.WriterHeld, Is.True);
            Assert.That(sem.TryDownRead(), Is.False);
            scheduler.Spawn("r1", Read(sem, log, "r1"));
            scheduler.Spawn("r2", Read(sem, log, "r2"));
            scheduler.RunUntilIdle();
            Assert.That(sem.Waiting, Is.EqualTo(2));
            sem.UpWrite();
            Assert.Multiple(() =>
            {
                Assert.That(sem.Readers, Is.EqualTo(2), "both queued readers get it at once");
                Assert.That(sem.WriterHeld, Is.False);
                Assert.That(sem.Waiting, Is.Zero);
            });
            scheduler.RunUntilIdle();
            Assert.That(log, Is.EqualTo(new[] { "w1", "r1", "r2" }));
            scheduler.Spawn("r3", Read(sem, log, "r3"));
            RunResult free = scheduler.RunUntilIdle();
            Assert.That(free.Steps, Is.EqualTo(1), "a free semaphore is taken without waiting");
            Assert.That(log, Has.Count.EqualTo(4));
        }

        [Test]
        public void Operation_GivesItsResultOnlyWhenDone_AndRunsOnce()
        {
            var op = new SimOperation<int>("answer", self => Body(self));
            Assert.Multiple(() =>
            {
                Assert.That(op.IsDone, Is.False);
                Assert.That(() => op.Result, Throws.InvalidOperationException);
                Assert.That(op.ToString(), Is.EqualTo("answer (running)"));
                Assert.That(op.Name, Is.EqualTo("answer"));
            });
            var scheduler = new Scheduler(1);
            scheduler.Spawn("op", op);
            Assert.That(scheduler.RunUntilIdle().Outcome, Is.EqualTo(RunOutcome.Completed));
            Assert.Multiple(() =>
            {
                Assert.That(op.IsDone, Is.True);
                Assert.That(op.Result, Is.EqualTo(42));
                Assert.That(op.ToString(), Is.EqualTo("answer = 42"));
                Assert.That(() => op.GetEnumerator(), Throws.InvalidOperationException);
            });

            static IEnumerable<Wait> Body(SimOperation<int> self)
            {
                yield return Wait.Yield;
                self.Complete(42);
            }
        }

        [Test]
        public void Random_NextInt_RefusesAnEmptyRange_AndChanceIsBounded()
        {
            var random = new SplitMix64(5);
            Assert.Multiple(() =>
            {
                Assert.That(random.Seed, Is.EqualTo(5));
                Assert.That(() => random.NextInt(0), Throws.TypeOf<ArgumentOutOfRangeException>());
                Assert.That(random.NextInt(1), Is.Zero);
                Assert.That(Enumerable.Range(0, 200).All(_ => random.Chance(1, 1)), Is.True);
                Assert.That(Enumerable.Range(0, 200).Any(_ => random.Chance(0, 3)), Is.False);
                Assert.That(Enumerable.Range(0, 200).Count(_ => random.Chance(1, 2)), Is.InRange(60, 140));
            });
        }

        [Test]
        public void Random_NextInt_IsTheValueModuloTheBound()
        {
            // A bound that divides 2^64 rejects nothing, so NextInt is the next raw value modulo the bound.
            var raw = new SplitMix64(9);
            var bounded = new SplitMix64(9);
            for (int i = 0; i < 50; i++)
            {
                Assert.That(bounded.NextInt(1 << 20), Is.EqualTo((int)(raw.NextUInt64() % (1UL << 20))));
            }
        }

        [Test]
        public void FinishedTask_DisposesItsBody()
        {
            var body = new CountingBody();
            var scheduler = new Scheduler(1);
            scheduler.Spawn("t", body);
            scheduler.RunUntilIdle();
            Assert.That(body.Disposed, Is.EqualTo(1));
        }

        private sealed class CountingBody : IEnumerable<Wait>, IEnumerator<Wait>
        {
            public int Disposed { get; private set; }

            public Wait Current => Wait.Yield;

            object System.Collections.IEnumerator.Current => Current;

            public IEnumerator<Wait> GetEnumerator() => this;

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => this;

            public bool MoveNext() => false;

            public void Reset()
            {
            }

            public void Dispose() => Disposed++;
        }

        private static IEnumerable<Wait> Park(WaitQueue queue)
        {
            yield return queue;
        }

        private static IEnumerable<Wait> Write(SimRwSemaphore sem, Action inside)
        {
            foreach (Wait w in sem.DownWrite())
            {
                yield return w;
            }

            inside();
            sem.UpWrite();
        }

        private static IEnumerable<Wait> Hold(SimRwSemaphore sem, List<string> log, string name)
        {
            foreach (Wait w in sem.DownWrite())
            {
                yield return w;
            }

            log.Add(name);
        }

        private static IEnumerable<Wait> Read(SimRwSemaphore sem, List<string> log, string name)
        {
            foreach (Wait w in sem.DownRead())
            {
                yield return w;
            }

            log.Add(name);
            sem.UpRead();
        }
    }
}
