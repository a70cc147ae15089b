using FsFreeze.Protocol.Replies;

namespace FsFreeze.Conformance.Protocol.Cases
{
    /// <summary>
    /// One message a driver might put on replyq, with the device's context (features, <c>max_entries</c>, the
    /// requests awaiting replies), and the verdict the device must reach (FF-DEV-11, FF-DEV-12, FF-DEV-13). The
    /// codec tests validate <see cref="Bytes"/> directly; a device adapter test can await the same requests, put
    /// the bytes on replyq, and check the host-visible outcome (ignored and counted, protocol error, or result).
    /// </summary>
    public sealed record ReplyCase(
        string Name,
        string Requirement,
        ulong Features,
        uint MaxEntries,
        AwaitedRequests Awaited,
        byte[] Bytes,
        ReplyVerdictKind ExpectedKind,
        ReplyIgnoredReason ExpectedIgnoredReason,
        ReplyProblem ExpectedProblem)
    {
        /// <inheritdoc/>
        public override string ToString() => Name;
    }
}
