using System.Collections.Generic;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Driver
{
    /// <summary>
    /// One FREEZE's notice to the registered applications: who answered "prepared" while the driver still waited.
    /// An answer after the driver stopped waiting (notice_ms passed) is ignored; that application counts in
    /// <c>notice_late</c> (FF-DRV-30).
    /// </summary>
    public sealed class FreezeNotice
    {
        private readonly HashSet<GuestApplication> answered = new();
        private readonly WaitQueue wake;

        internal FreezeNotice(WaitQueue wake)
        {
            this.wake = wake;
        }

        /// <summary>True once the driver stopped waiting.</summary>
        public bool IsClosed { get; private set; }

        internal int AnsweredCount => answered.Count;

        /// <summary>Application <paramref name="application"/> is ready for the freeze.</summary>
        public void Prepared(GuestApplication application)
        {
            if (IsClosed || application is null || !answered.Add(application))
            {
                return;
            }

            wake.WakeAll();
        }

        internal void Close() => IsClosed = true;
    }
}
