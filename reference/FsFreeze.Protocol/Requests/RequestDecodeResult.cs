namespace FsFreeze.Protocol.Requests
{
    /// <summary>
    /// The outcome of decoding a request on the driver side: the status the driver answers with when it refuses
    /// (INVALID or UNSUPPORTED, and changes nothing), or OK when the request may be carried out. Since the driver
    /// replies to every request, refused ones included (FF-DRV-8), it carries what the reply must echo.
    /// </summary>
    public readonly struct RequestDecodeResult
    {
        /// <summary>An outcome.</summary>
        public RequestDecodeResult(RequestProblem problem, ushort echoType, uint echoRequestId)
        {
            Problem = problem;
            EchoType = echoType;
            EchoRequestId = echoRequestId;
        }

        /// <summary>Why the request is refused, or <see cref="RequestProblem.None"/>.</summary>
        public RequestProblem Problem { get; }

        /// <summary>True when the request keeps every rule and may be carried out.</summary>
        public bool IsValid => Problem == RequestProblem.None;

        /// <summary>
        /// OK for a valid request; otherwise the status the driver answers: UNSUPPORTED for the two cases of
        /// FF-DRV-12, INVALID for every case of FF-DRV-11 and for FF-DRV-34.
        /// </summary>
        public ReplyStatus Status => Problem switch
        {
            RequestProblem.None => ReplyStatus.Ok,
            RequestProblem.SelectorsWithoutSelective or RequestProblem.NoticeWithoutAppNotice => ReplyStatus.Unsupported,
            _ => ReplyStatus.Invalid,
        };

        /// <summary>The raw <c>type</c> the reply echoes (0 when the request is too short to hold it).</summary>
        public ushort EchoType { get; }

        /// <summary>The <c>request_id</c> the reply echoes (0 when the request is too short to hold it).</summary>
        public uint EchoRequestId { get; }

        /// <inheritdoc/>
        public override string ToString() => $"{Status} ({Problem}), type {EchoType}, request_id {EchoRequestId}";
    }
}
