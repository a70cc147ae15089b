using System;
using System.Collections.Generic;
using System.Linq;
using FsFreeze.Device.Host;
using FsFreeze.Protocol;
using FsFreeze.Simulation;

namespace FsFreeze.Device.Snapshot
{
    /// <summary>
    /// Snapshot orchestration (FF-HOST-4 to FF-HOST-6): FREEZE when a driver is present; then, whatever the
    /// result, block I/O on every disk and wait for the drain; copy; resume I/O on every path; THAW if the guest
    /// reported FROZEN. Runs as a <see cref="Scheduler"/> task; all time is virtual.
    /// </summary>
    public sealed class SnapshotOrchestrator
    {
        private readonly FsFreezeHost _host;
        private readonly Scheduler _scheduler;
        private readonly ISnapshotDisk[] _disks;

        /// <summary>Creates an orchestrator for <paramref name="disks"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The deadline is not longer than the copy (FF-HOST-6).</exception>
        public SnapshotOrchestrator(FsFreezeHost host, Scheduler scheduler, IEnumerable<ISnapshotDisk> disks, SnapshotOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(host);
            ArgumentNullException.ThrowIfNull(scheduler);
            ArgumentNullException.ThrowIfNull(disks);
            _host = host;
            _scheduler = scheduler;
            _disks = disks.ToArray();
            Options = options ?? new SnapshotOptions();
            if (TimeSpan.FromMilliseconds(Options.FreezeDeadlineMs) <= Options.CopyDuration)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "FF-HOST-6: the freeze deadline must be longer than the expected copy time.");
            }
        }

        /// <summary>The options in force.</summary>
        public SnapshotOptions Options { get; }

        /// <summary>A snapshot, to spawn as a task (or enumerate inside one); its result is the <see cref="SnapshotResult"/>.</summary>
        public SimOperation<SnapshotResult> Snapshot() => new("snapshot", Run);

        /// <summary>Maps a FREEZE result to the path it allows (FF-HOST-4); null means no driver was present.</summary>
        public static (SnapshotPath Path, SnapshotFallbackReason Reason) Classify(HostResult? freeze)
        {
            if (freeze is null)
            {
                return (SnapshotPath.IoBlockOnly, SnapshotFallbackReason.NoDriver);
            }

            SnapshotFallbackReason reason = freeze.Kind switch
            {
                HostResultKind.NoDriver => SnapshotFallbackReason.NoDriver,
                HostResultKind.DeadlinePassed => SnapshotFallbackReason.DeadlinePassed,
                HostResultKind.ProtocolError => SnapshotFallbackReason.ProtocolError,
                HostResultKind.Completed => freeze.Status switch
                {
                    // OK with THAWED means nothing was eligible (FF-DRV-20): the guest did all it had to, so this
                    // document counts it as quiesced.
                    ReplyStatus.Ok => SnapshotFallbackReason.None,
                    ReplyStatus.Deadline => SnapshotFallbackReason.DeadlinePassed,
                    _ => SnapshotFallbackReason.Failed,
                },
                _ => SnapshotFallbackReason.Failed,
            };
            return (reason == SnapshotFallbackReason.None ? SnapshotPath.Quiesced : SnapshotPath.IoBlockOnly, reason);
        }

        private IEnumerable<Wait> Run(SimOperation<SnapshotResult> operation)
        {
            // (1) FREEZE when a driver is present; the host bounds the wait by the deadline (FF-HOST-2).
            HostResult? freeze = null;
            if (_host.IsDriverPresent)
            {
                HostOperation freezing = _host.Freeze(Options.FreezeDeadlineMs, Options.NoticeMs, Options.Selectors);
                foreach (Wait wait in freezing.WaitForCompletion())
                {
                    yield return wait;
                }

                freeze = freezing.Result;
            }

            (SnapshotPath path, SnapshotFallbackReason reason) = Classify(freeze);
            bool guestFrozen = freeze is { IsCompleted: true, Status: ReplyStatus.Ok, State: GuestFreezeState.Frozen };
            TimeSpan frozenAt = _scheduler.Clock.Now;
            TimeSpan autoThawAt = frozenAt + TimeSpan.FromMilliseconds(guestFrozen ? freeze!.Reply.RemainingMs : 0);

            // (2) Whatever the freeze result, block every disk and wait until nothing is in flight.
            foreach (ISnapshotDisk disk in _disks)
            {
                disk.Block();
            }

            TimeSpan drainStart = _scheduler.Clock.Now;
            bool drainTimedOut = false;
            while (!_disks.All(d => d.IsDrained))
            {
                if (_scheduler.Clock.Now - drainStart >= Options.DrainTimeout)
                {
                    drainTimedOut = true;
                    break;
                }

                yield return _scheduler.Sleep(Options.DrainPollInterval);
            }

            // (3) Copy. The images are taken at once (they are stable while drained); the copy then takes time,
            // during which the guest's deadline may pass (FF-HOST-6).
            DiskCopy[] copies = drainTimedOut ? [] : _disks.Select(static d => d.Copy()).ToArray();
            if (!drainTimedOut && Options.CopyDuration > TimeSpan.Zero)
            {
                yield return _scheduler.Sleep(Options.CopyDuration);
            }

            TimeSpan copyDone = _scheduler.Clock.Now;

            // (4) FF-HOST-5: resume on every path, a failed drain included.
            foreach (ISnapshotDisk disk in _disks)
            {
                disk.Resume();
            }

            bool thawedEarly = guestFrozen && GuestThawedBetween(frozenAt, copyDone, autoThawAt);
            TimeSpan earlyThawAt = thawedEarly ? EarliestThaw(frozenAt, autoThawAt) : TimeSpan.Zero;

            // (5) THAW if the guest reported FROZEN (FF-HOST-7 makes it harmless if it has thawed since).
            HostResult? thaw = null;
            if (guestFrozen)
            {
                HostOperation thawing = _host.Thaw();
                foreach (Wait wait in thawing.WaitForCompletion())
                {
                    yield return wait;
                }

                thaw = thawing.Result;
            }

            TimeSpan thawedAt = thawedEarly ? earlyThawAt : _scheduler.Clock.Now;

            operation.Complete(new SnapshotResult
            {
                Path = path,
                Reason = reason,
                FreezeResult = freeze,
                ThawResult = thaw,
                Copies = copies,
                DrainTimedOut = drainTimedOut,
                GuestThawedBeforeCopyCompleted = thawedEarly,
                FrozenTime = guestFrozen ? thawedAt - frozenAt : TimeSpan.Zero,
            });
        }

        /// <summary>FF-HOST-6: an AUTO_THAWED event or a THAWED report after the freeze, or the deadline itself, before the copy ended.</summary>
        private bool GuestThawedBetween(TimeSpan frozenAt, TimeSpan copyDone, TimeSpan autoThawAt)
        {
            GuestStateReport? report = _host.LastKnownState;
            bool reported = report is not null && report.ReportedAt >= frozenAt && report.ReportedAt <= copyDone
                && (report.State == GuestFreezeState.Thawed || report.Event == EventCode.AutoThawed);
            return reported || autoThawAt <= copyDone;
        }

        private TimeSpan EarliestThaw(TimeSpan frozenAt, TimeSpan autoThawAt)
        {
            GuestStateReport? report = _host.LastKnownState;
            return report is not null && report.ReportedAt >= frozenAt && report.ReportedAt < autoThawAt && report.State == GuestFreezeState.Thawed
                ? report.ReportedAt
                : autoThawAt;
        }
    }
}
