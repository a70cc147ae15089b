using System.Collections.Generic;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;

namespace FsFreeze.Device.Host
{
    /// <summary>
    /// The typed result of a host operation (FF-HOST-1). <see cref="Reply"/> is the driver's reply for
    /// <see cref="HostResultKind.Completed"/> and, for diagnostics, the offending header for
    /// <see cref="HostResultKind.ProtocolError"/>; otherwise default.
    /// </summary>
    public sealed record HostResult(HostResultKind Kind, FsFreezeReply Reply = default, ReplyProblem Problem = ReplyProblem.None)
    {
        /// <summary>A result with no reply.</summary>
        public static HostResult NoDriver { get; } = new(HostResultKind.NoDriver);

        /// <summary>The host-side BUSY (FF-DEV-8).</summary>
        public static HostResult Busy { get; } = new(HostResultKind.Busy);

        /// <summary>No reply in time.</summary>
        public static HostResult DeadlinePassed { get; } = new(HostResultKind.DeadlinePassed);

        /// <summary>Feature not negotiated.</summary>
        public static HostResult Unsupported { get; } = new(HostResultKind.Unsupported);

        /// <summary>True when the driver replied.</summary>
        public bool IsCompleted => Kind == HostResultKind.Completed;

        /// <summary>The reply's status (meaningful when <see cref="IsCompleted"/>).</summary>
        public ReplyStatus Status => Reply.Status;

        /// <summary>The reply's guest state (meaningful when <see cref="IsCompleted"/>).</summary>
        public GuestFreezeState State => Reply.State;

        /// <summary>The reply's per-superblock entries.</summary>
        public IReadOnlyList<SuperblockEntry> Entries => Reply.Entries;

        /// <summary>A completed result carrying <paramref name="reply"/>.</summary>
        public static HostResult Completed(FsFreezeReply reply) => new(HostResultKind.Completed, reply);

        /// <summary>A protocol error (FF-DEV-12).</summary>
        public static HostResult ProtocolError(ReplyProblem problem, FsFreezeReply header) => new(HostResultKind.ProtocolError, header, problem);

        /// <inheritdoc />
        public override string ToString() => Kind switch
        {
            HostResultKind.Completed => $"Completed {Reply.Status} {Reply.State}",
            HostResultKind.ProtocolError => $"ProtocolError {Problem}",
            _ => Kind.ToString(),
        };
    }
}
