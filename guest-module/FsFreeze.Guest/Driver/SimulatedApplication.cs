using System;
using System.Collections.Generic;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Driver
{
    /// <summary>
    /// A guest application as a simulated task: it answers "prepared" <see cref="PrepareTime"/> after it is told
    /// (or never, when that is null), and counts the notices it got.
    /// </summary>
    public sealed class SimulatedApplication : GuestApplication
    {
        private readonly Scheduler scheduler;

        /// <summary>Creates an application that prepares in <paramref name="prepareTime"/> of virtual time, or never when null.</summary>
        public SimulatedApplication(string name, Scheduler scheduler, TimeSpan? prepareTime)
            : base(name)
        {
            this.scheduler = scheduler;
            PrepareTime = prepareTime;
        }

        /// <summary>How long preparing takes; null: never answers.</summary>
        public TimeSpan? PrepareTime { get; }

        /// <summary>"Freeze coming" notices received.</summary>
        public int FreezeNotices { get; private set; }

        /// <summary>"Thawed" notices received.</summary>
        public int ThawNotices { get; private set; }

        /// <summary>Virtual time of the last "thawed" notice.</summary>
        public TimeSpan? LastThawNoticeAt { get; private set; }

        /// <inheritdoc />
        protected internal override void OnFreezeComing(FreezeNotice notice)
        {
            FreezeNotices++;
            if (PrepareTime is { } time)
            {
                scheduler.Spawn($"app {Name} prepare", Prepare(notice, time));
            }
        }

        /// <inheritdoc />
        protected internal override void OnThawed()
        {
            ThawNotices++;
            LastThawNoticeAt = scheduler.Clock.Now;
        }

        private IEnumerable<Wait> Prepare(FreezeNotice notice, TimeSpan time)
        {
            yield return scheduler.Sleep(time);
            notice.Prepared(this);
        }
    }
}
