using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace FsFreeze.Simulation
{
    /// <summary>
    /// A deterministic single-threaded scheduler on a <see cref="VirtualClock"/>. Tasks are iterators
    /// (<see cref="Wait"/>); each step the scheduler picks one runnable task (seeded random or FIFO), runs it to its
    /// next yield, and parks it if it yielded a <see cref="WaitQueue"/>. When nothing is runnable, runs that may move
    /// time jump the clock to the next timer. The same seed, policy and spawns give the same interleaving and the
    /// same <see cref="Trace"/>; every <see cref="RunResult"/> carries the seed so a failure can be replayed.
    /// </summary>
    public sealed class Scheduler
    {
        private readonly List<SimTask> runnable = new();
        private readonly List<SimTask> live = new();
        private readonly List<string> trace = new();
        private readonly SplitMix64 random;
        private int nextId = 1;

        /// <summary>Creates a scheduler with its own clock.</summary>
        /// <param name="seed">Seeds the choice of the next task (and <see cref="Random"/> for workloads).</param>
        /// <param name="policy">How the next task is picked.</param>
        public Scheduler(ulong seed, SchedulingPolicy policy = SchedulingPolicy.SeededRandom)
        {
            Seed = seed;
            Policy = policy;
            random = new SplitMix64(seed);
            Random = new SplitMix64(seed ^ 0xA5A5_5A5A_F00D_CAFEUL);
        }

        /// <summary>The seed of this run.</summary>
        public ulong Seed { get; }

        /// <summary>How the next runnable task is picked.</summary>
        public SchedulingPolicy Policy { get; }

        /// <summary>The simulated clock; timers armed on it may wake tasks or spawn work.</summary>
        public VirtualClock Clock { get; } = new();

        /// <summary>
        /// A second seeded generator for workloads and fault plans, separate from the one that picks tasks so that
        /// drawing workload numbers does not perturb the interleaving.
        /// </summary>
        public SplitMix64 Random { get; }

        /// <summary>The task being stepped, or null between steps (timer callbacks, test code).</summary>
        public SimTask? Current { get; private set; }

        /// <summary>Every event logged so far: task steps that parked or finished, and model events.</summary>
        public IReadOnlyList<string> Trace => trace;

        /// <summary>Tasks not yet finished.</summary>
        public IReadOnlyList<SimTask> LiveTasks => live;

        /// <summary>Total steps taken.</summary>
        public long TotalSteps { get; private set; }

        /// <summary>Adds a task; it is runnable at once and runs when the scheduler picks it.</summary>
        public SimTask Spawn(string name, IEnumerable<Wait> body)
        {
            ArgumentNullException.ThrowIfNull(body);
            var task = new SimTask(this, nextId++, name, body) { State = TaskState.Runnable };
            live.Add(task);
            runnable.Add(task);
            Log($"spawn {task}");
            return task;
        }

        /// <summary>Appends a line to <see cref="Trace"/>, stamped with the virtual time and the current task.</summary>
        public void Log(string text)
        {
            string who = Current is null ? "-" : Current.ToString();
            trace.Add(string.Create(CultureInfo.InvariantCulture, $"{Clock.Now.TotalMilliseconds}ms {who}: {text}"));
        }

        /// <summary>
        /// A queue woken by a timer <paramref name="duration"/> from now: yield it to sleep (<c>msleep</c>).
        /// </summary>
        public WaitQueue Sleep(TimeSpan duration)
        {
            var queue = new WaitQueue("sleep");
            Clock.Schedule(duration, "sleep", () => queue.WakeAll());
            return queue;
        }

        /// <summary>Runs one step of one runnable task; false when none is runnable.</summary>
        public bool Step()
        {
            if (runnable.Count == 0)
            {
                return false;
            }

            int index = Policy == SchedulingPolicy.Fifo ? 0 : random.NextInt(runnable.Count);
            SimTask task = runnable[index];
            runnable.RemoveAt(index);
            Current = task;
            TotalSteps++;
            Wait? wait;
            try
            {
                wait = task.Step();
            }
            finally
            {
                Current = null;
            }

            if (wait is null)
            {
                task.State = TaskState.Done;
                live.Remove(task);
                trace.Add(string.Create(CultureInfo.InvariantCulture, $"{Clock.Now.TotalMilliseconds}ms {task}: done"));
            }
            else if (wait is WaitQueue queue)
            {
                task.State = TaskState.Blocked;
                task.WaitingOn = queue;
                queue.Park(task);
                trace.Add(string.Create(CultureInfo.InvariantCulture, $"{Clock.Now.TotalMilliseconds}ms {task}: wait {queue.Name}"));
            }
            else
            {
                runnable.Add(task);
            }

            return true;
        }

        /// <summary>Steps runnable tasks until none is runnable, without moving time.</summary>
        public RunResult RunUntilIdle(int maxSteps = 1_000_000) => Run(null, moveTime: false, until: null, maxSteps);

        /// <summary>
        /// Steps tasks and moves time to each next timer until nothing is runnable and no timer is pending: every
        /// task finished (<see cref="RunOutcome.Completed"/>) or the rest can never wake (<see cref="RunOutcome.Hung"/>).
        /// </summary>
        public RunResult Run(int maxSteps = 1_000_000) => Run(null, moveTime: true, until: null, maxSteps);

        /// <summary>Like <see cref="Run(int)"/> but stops once <paramref name="condition"/> holds (checked between steps).</summary>
        public RunResult RunUntil(Func<bool> condition, int maxSteps = 1_000_000)
        {
            ArgumentNullException.ThrowIfNull(condition);
            return Run(null, moveTime: true, condition, maxSteps);
        }

        /// <summary>Runs for <paramref name="duration"/> of virtual time, firing timers due within it.</summary>
        public RunResult RunFor(TimeSpan duration, int maxSteps = 1_000_000) => Run(Clock.Now + duration, moveTime: true, until: null, maxSteps);

        /// <summary>Makes a parked task runnable (called by <see cref="WaitQueue"/>).</summary>
        internal void MakeRunnable(SimTask task)
        {
            if (task.State != TaskState.Blocked)
            {
                return;
            }

            task.State = TaskState.Runnable;
            task.WaitingOn = null;
            runnable.Add(task);
        }

        private RunResult Run(TimeSpan? limit, bool moveTime, Func<bool>? until, int maxSteps)
        {
            int steps = 0;
            while (true)
            {
                if (until is not null && until())
                {
                    return Result(RunOutcome.ConditionMet, steps);
                }

                if (steps >= maxSteps)
                {
                    return Result(RunOutcome.StepLimit, steps);
                }

                if (runnable.Count > 0)
                {
                    Step();
                    steps++;
                    continue;
                }

                TimeSpan? next = Clock.NextDue;
                if (moveTime && next is not null && (limit is null || next.Value <= limit.Value))
                {
                    Clock.FireNext();
                    continue;
                }

                if (limit is not null)
                {
                    Clock.AdvanceTo(limit.Value);
                    return Result(live.Count == 0 ? RunOutcome.Completed : RunOutcome.TimeLimit, steps);
                }

                if (live.Count == 0)
                {
                    return Result(RunOutcome.Completed, steps);
                }

                return Result(next is null ? RunOutcome.Hung : RunOutcome.Waiting, steps);
            }
        }

        private RunResult Result(RunOutcome outcome, int steps)
        {
            BlockedTask[] blocked = live
                .Where(static t => t.State == TaskState.Blocked)
                .Select(static t => new BlockedTask(t.ToString(), t.WaitingOn?.Name ?? "?"))
                .ToArray();
            return new RunResult(outcome, steps, blocked, Seed);
        }
    }
}
