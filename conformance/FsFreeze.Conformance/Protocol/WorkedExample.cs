using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.Protocol
{
    /// <summary>
    /// One worked example of the spec: the message its caption describes, and the context it is read in (the
    /// negotiated features; for a reply, the request awaiting it and <c>max_entries</c>). Exactly one of
    /// <see cref="Request"/> and <see cref="Reply"/> is set.
    /// </summary>
    public sealed record WorkedExample(string Name, ulong Features, FsFreezeRequest? Request, FsFreezeReply? Reply, AwaitedRequests Awaited, uint MaxEntries)
    {
        /// <inheritdoc/>
        public override string ToString() => Name;
    }
}
