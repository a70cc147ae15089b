using System;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Simulation;

namespace FsFreeze.Simulation.Tests
{
    /// <summary>
    /// How a run ends (completed, hung, waiting on time, time limit, step limit, condition met) and what the
    /// scheduler records on the way (steps, trace, current task): cases the mutation run found untested.
    /// </summary>
    public sealed class RunOutcomeTests
    {
        [Test]
        public void RunUntilIdle_LeavesTimeAlone_AndReportsWaiting()
        {
            var scheduler = new Scheduler(2);
            scheduler.Spawn("sleeper", Sleep(scheduler, TimeSpan.FromSeconds(1)));
            RunResult idle = scheduler.RunUntilIdle();
            Assert.Multiple(() =>
            {
                Assert.That(idle.Outcome, Is.EqualTo(RunOutcome.Waiting), idle.ToString());
                Assert.That(scheduler.Clock.Now, Is.EqualTo(TimeSpan.Zero));
                Assert.That(idle.Blocked.Single().Queue, Is.EqualTo("sleep"));
                Assert.That(idle.ToString(), Does.Contain("blocked: #1 sleeper on sleep"));
            });
            RunResult run = scheduler.Run();
            Assert.Multiple(() =>
            {
                Assert.That(run.Outcome, Is.EqualTo(RunOutcome.Completed));
                Assert.That(run.Blocked, Is.Empty);
                Assert.That(run.ToString(), Is.EqualTo("Completed after 1 steps (seed 2)"));
                Assert.That(scheduler.Clock.Now, Is.EqualTo(TimeSpan.FromSeconds(1)));
            });
        }

        [Test]
        public void RunFor_StopsAtItsLimit_WithTimeAdvancedToIt()
        {
            var scheduler = new Scheduler(2);
            scheduler.Spawn("sleeper", Sleep(scheduler, TimeSpan.FromSeconds(10)));
            RunResult limited = scheduler.RunFor(TimeSpan.FromSeconds(3));
            Assert.Multiple(() =>
            {
                Assert.That(limited.Outcome, Is.EqualTo(RunOutcome.TimeLimit));
                Assert.That(scheduler.Clock.Now, Is.EqualTo(TimeSpan.FromSeconds(3)));
            });
            RunResult exact = scheduler.RunFor(TimeSpan.FromSeconds(7));
            Assert.Multiple(() =>
            {
                Assert.That(exact.Outcome, Is.EqualTo(RunOutcome.Completed), "a timer due exactly at the limit fires");
                Assert.That(scheduler.Clock.Now, Is.EqualTo(TimeSpan.FromSeconds(10)));
                Assert.That(scheduler.LiveTasks, Is.Empty);
            });
        }

        [Test]
        public void StepLimit_AndCondition_EndARun()
        {
            var scheduler = new Scheduler(2);
            int spins = 0;
            scheduler.Spawn("spinner", Spin(() => spins++));
            RunResult limited = scheduler.Run(maxSteps: 5);
            Assert.Multiple(() =>
            {
                Assert.That(limited.Outcome, Is.EqualTo(RunOutcome.StepLimit));
                Assert.That(limited.Steps, Is.EqualTo(5));
                Assert.That(scheduler.TotalSteps, Is.EqualTo(5));
                Assert.That(scheduler.LiveTasks.Single().Steps, Is.EqualTo(5));
            });
            RunResult met = scheduler.RunUntil(() => spins >= 8);
            Assert.Multiple(() =>
            {
                Assert.That(met.Outcome, Is.EqualTo(RunOutcome.ConditionMet));
                Assert.That(met.Steps, Is.EqualTo(3));
                Assert.That(scheduler.RunUntil(() => true).Steps, Is.Zero);
                Assert.That(() => scheduler.RunUntil(null!), Throws.ArgumentNullException);
                Assert.That(() => scheduler.Spawn("x", null!), Throws.ArgumentNullException);
            });
        }

        [Test]
        public void RunUntil_MovesTimeToMeetItsCondition()
        {
            var scheduler = new Scheduler(2);
            bool woke = false;
            scheduler.Spawn("sleeper", SleepThen(scheduler, TimeSpan.FromSeconds(2), () => woke = true));
            RunResult run = scheduler.RunUntil(() => woke);
            Assert.Multiple(() =>
            {
                Assert.That(run.Outcome, Is.EqualTo(RunOutcome.ConditionMet));
                Assert.That(scheduler.Clock.Now, Is.EqualTo(TimeSpan.FromSeconds(2)));
            });
        }

        [Test]
        public void Step_KnowsTheCurrentTask_AndTracesItsLife()
        {
            var scheduler = new Scheduler(4, SchedulingPolicy.Fifo);
            SimTask? seen = null;
            SimTask task = scheduler.Spawn("t", Observe(scheduler, t => seen = t));
            Assert.Multiple(() =>
            {
                Assert.That(scheduler.Seed, Is.EqualTo(4));
                Assert.That(scheduler.Policy, Is.EqualTo(SchedulingPolicy.Fifo));
                Assert.That(task.Id, Is.EqualTo(1));
                Assert.That(task.Name, Is.EqualTo("t"));
                Assert.That(task.State, Is.EqualTo(TaskState.Runnable));
                Assert.That(task.Scheduler, Is.SameAs(scheduler));
            });
            Assert.That(scheduler.Step(), Is.True);
            Assert.That(seen, Is.SameAs(task));
            Assert.That(scheduler.Current, Is.Null);
            Assert.That(scheduler.Step(), Is.True);
            Assert.Multiple(() =>
            {
                Assert.That(scheduler.Step(), Is.False);
                Assert.That(task.State, Is.EqualTo(TaskState.Done));
                Assert.That(scheduler.Trace, Is.EqualTo(new[] { "0ms -: spawn #1 t", "0ms #1 t: hello", "0ms #1 t: done" }));
            });
        }

        [Test]
        public void Fifo_RunsInSpawnOrder_AndAYieldGoesToTheBack()
        {
            var scheduler = new Scheduler(4, SchedulingPolicy.Fifo);
            var order = new List<string>();
            scheduler.Spawn("a", Twice(order, "a"));
            scheduler.Spawn("b", Twice(order, "b"));
            scheduler.RunUntilIdle();
            Assert.That(order, Is.EqualTo(new[] { "a", "b", "a", "b" }));
        }

        [Test]
        public void WokenTask_RunsOnce_EvenWhenMadeRunnableAgain()
        {
            var scheduler = new Scheduler(4, SchedulingPolicy.Fifo);
            var queue = new WaitQueue("q");
            var order = new List<string>();
            scheduler.Spawn("a", ParkThenLog(queue, order));
            scheduler.RunUntilIdle();
            Assert.That(queue.WakeOne(), Is.True);
            SimTask task = scheduler.LiveTasks.Single();
            Assert.That(task.State, Is.EqualTo(TaskState.Runnable));
            scheduler.MakeRunnable(task); // already runnable: must not be queued a second time
            RunResult run = scheduler.RunUntilIdle();
            Assert.Multiple(() =>
            {
                Assert.That(run.Steps, Is.EqualTo(1));
                Assert.That(order, Is.EqualTo(new[] { "woke" }));
            });
        }

        private static IEnumerable<Wait> Sleep(Scheduler scheduler, TimeSpan duration)
        {
            yield return scheduler.Sleep(duration);
        }

        private static IEnumerable<Wait> SleepThen(Scheduler scheduler, TimeSpan duration, Action then)
        {
            yield return scheduler.Sleep(duration);
            then();
        }

        private static IEnumerable<Wait> Spin(Action each)
        {
            while (true)
            {
                each();
                yield return Wait.Yield;
            }
        }

        private static IEnumerable<Wait> Observe(Scheduler scheduler, Action<SimTask?> see)
        {
            see(scheduler.Current);
            scheduler.Log("hello");
            yield return null!;
        }

        private static IEnumerable<Wait> Twice(List<string> order, string name)
        {
            order.Add(name);
            yield return Wait.Yield;
            order.Add(name);
        }

        private static IEnumerable<Wait> ParkThenLog(WaitQueue queue, List<string> order)
        {
            yield return queue;
            order.Add("woke");
        }
    }
}
