using System;
using System.Collections.Generic;
using FsFreeze.Protocol.Replies;
using FsFreeze.Virtio.Devices;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.VhostUser.Backend.Checking
{
    /// <summary>
    /// Checking mode (--check): names the driver requirement behind everything wrong the device sees the guest do,
    /// logs it, and keeps it for the control socket's <c>violations</c> command. Off, it records nothing.
    /// </summary>
    internal sealed class DriverChecker
    {
        private readonly List<Violation> _violations = [];
        private readonly Action<string> _log;

        public DriverChecker(bool enabled, Action<string> log)
        {
            Enabled = enabled;
            _log = log;
        }

        public bool Enabled { get; }

        public IReadOnlyList<Violation> Violations => _violations;

        /// <summary>Records a violation of <paramref name="requirementId"/>.</summary>
        public void Report(string requirementId, string detail)
        {
            if (!Enabled)
            {
                return;
            }

            var violation = new Violation(requirementId, detail);
            _violations.Add(violation);
            _log($"VIOLATION {requirementId}: {detail}");
        }

        /// <summary>DEVICE_NEEDS_RESET: a malformed ring names its FF-RING rule; a device-level refusal is a bad request or reply chain.</summary>
        public void ReportFault(DeviceFault fault) =>
            Report(fault.Error == QueueError.None ? "FF-DRV-3" : RingRequirement(fault.Error), fault.Error == QueueError.None
                ? "a request chain that is not device-writable only or shorter than request_size, or a reply chain that is not device-readable only (DEVICE_NEEDS_RESET)"
                : $"queue {fault.QueueIndex}: {fault.Error} (DEVICE_NEEDS_RESET)");

        /// <summary>A replyq message the device did not accept as the answer to a request.</summary>
        public void ReportVerdict(in ReplyVerdict verdict, bool lateReplyToAbandoned)
        {
            if (verdict.Kind == ReplyVerdictKind.Accepted || lateReplyToAbandoned)
            {
                return;
            }

            string id = verdict.Kind == ReplyVerdictKind.ProtocolError
                ? ProblemRequirement(verdict.Problem)
                : verdict.IgnoredReason switch
                {
                    ReplyIgnoredReason.EventNotNegotiated => "FF-DRV-5",
                    ReplyIgnoredReason.MalformedEvent => ProblemRequirement(verdict.Problem),
                    _ => "FF-DRV-8",
                };
            Report(id, $"replyq message: {verdict}");
        }

        /// <summary>The driver requirement behind a reply rule the device enforces (FF-DEV-12).</summary>
        public static string ProblemRequirement(ReplyProblem problem) => problem switch
        {
            ReplyProblem.EntriesWithoutSbDetail or ReplyProblem.NoticeLateWithoutAppNotice => "FF-DRV-5",
            ReplyProblem.OkFreezeWithFailures or ReplyProblem.FailedFreezeWithFrozen => "FF-DRV-20",
            ReplyProblem.EntryCountAboveMax or ReplyProblem.EntriesBeyondBuffer or ReplyProblem.UnknownEntryResult
                or ReplyProblem.UnknownEntryFlags or ReplyProblem.EntryErrorMismatch or ReplyProblem.FsTypeNotNulPadded
                or ReplyProblem.EntriesContradictCounts => "FF-DRV-26",
            _ => "FF-DRV-8",
        };

        private static string RingRequirement(QueueError error) => error switch
        {
            QueueError.InvalidQueueSize => "FF-RING-2",
            QueueError.MisalignedRing or QueueError.RingOutsideGuestMemory => "FF-RING-1",
            QueueError.AvailableIndexJump => "FF-RING-5",
            QueueError.HeadIndexOutOfRange => "FF-RING-6",
            QueueError.NextIndexOutOfRange => "FF-RING-7",
            QueueError.ChainLoop or QueueError.ChainTooLong => "FF-RING-8",
            QueueError.ReadableAfterWritable => "FF-RING-9",
            QueueError.IndirectTableLengthInvalid or QueueError.NestedIndirect or QueueError.IndirectWithNext or QueueError.IndirectNotNegotiated => "FF-RING-10",
            QueueError.ZeroLengthBuffer => "FF-RING-11",
            QueueError.BufferOutsideGuestMemory => "FF-RING-12",
            QueueError.ChainLengthOverflow => "FF-RING-13",
            QueueError.HeadAlreadyInFlight or QueueError.TooManyInFlight => "FF-RING-14",
            _ => "FF-INIT-7",
        };
    }

    /// <summary>One recorded violation.</summary>
    internal sealed record Violation(string RequirementId, string Detail);
}
