namespace FsFreeze.Protocol.Replies
{
    /// <summary>
    /// The device's verdict on one message from replyq: exactly one of Ignored (with a reason), ProtocolError
    /// (with the problem and the awaited request it completes) or Accepted (with the decoded reply).
    /// </summary>
    public readonly struct ReplyVerdict
    {
        private ReplyVerdict(ReplyVerdictKind kind, ReplyIgnoredReason ignoredReason, ReplyProblem problem, uint requestId, RequestType requestType, FsFreezeReply reply)
        {
            Kind = kind;
            IgnoredReason = ignoredReason;
            Problem = problem;
            RequestId = requestId;
            RequestType = requestType;
            Reply = reply;
        }

        /// <summary>What the device does with the message.</summary>
        public ReplyVerdictKind Kind { get; }

        /// <summary>Ignored: why; otherwise <see cref="ReplyIgnoredReason.None"/>.</summary>
        public ReplyIgnoredReason IgnoredReason { get; }

        /// <summary>ProtocolError, or Ignored as <see cref="ReplyIgnoredReason.MalformedEvent"/>: the rule broken; otherwise <see cref="ReplyProblem.None"/>.</summary>
        public ReplyProblem Problem { get; }

        /// <summary>ProtocolError or Accepted reply: the awaited request it completes; 0 for an EVENT or when ignored.</summary>
        public uint RequestId { get; }

        /// <summary>ProtocolError or Accepted reply: the type of the awaited request it completes.</summary>
        public RequestType RequestType { get; }

        /// <summary>
        /// Accepted: the decoded reply or EVENT, entries included. ProtocolError and MalformedEvent: its header
        /// as read, without entries, for diagnostics. Otherwise default.
        /// </summary>
        public FsFreezeReply Reply { get; }

        /// <summary>True when the message was accepted.</summary>
        public bool IsAccepted => Kind == ReplyVerdictKind.Accepted;

        /// <summary>
        /// A verdict as another implementation reported it, part by part: a device in another process tells its
        /// verdicts over a channel (the vhost-user back-end's control socket), and the host side rebuilds them here.
        /// No check is made that the parts agree; a reader that doubts them validates the reply itself.
        /// </summary>
        public static ReplyVerdict FromReport(ReplyVerdictKind kind, ReplyIgnoredReason ignoredReason, ReplyProblem problem, uint requestId, RequestType requestType, FsFreezeReply reply) =>
            new(kind, ignoredReason, problem, requestId, requestType, reply);

        internal static ReplyVerdict Ignored(ReplyIgnoredReason reason, ReplyProblem problem = ReplyProblem.None, FsFreezeReply header = default) =>
            new(ReplyVerdictKind.Ignored, reason, problem, 0, default, header);

        internal static ReplyVerdict ProtocolError(ReplyProblem problem, uint requestId, RequestType type, FsFreezeReply header) =>
            new(ReplyVerdictKind.ProtocolError, ReplyIgnoredReason.None, problem, requestId, type, header);

        internal static ReplyVerdict Accepted(FsFreezeReply reply, RequestType type) =>
            new(ReplyVerdictKind.Accepted, ReplyIgnoredReason.None, ReplyProblem.None, reply.RequestId, type, reply);

        /// <inheritdoc/>
        public override string ToString() => Kind switch
        {
            ReplyVerdictKind.Ignored => $"Ignored ({IgnoredReason}{(Problem == ReplyProblem.None ? string.Empty : ": " + Problem)})",
            ReplyVerdictKind.ProtocolError => $"ProtocolError ({Problem}) for {RequestType} {RequestId}",
            _ => $"Accepted {Reply.Type} {Reply.Status} request_id {Reply.RequestId}",
        };
    }
}
