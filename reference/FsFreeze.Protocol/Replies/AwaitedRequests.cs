namespace FsFreeze.Protocol.Replies
{
    /// <summary>
    /// The requests the device awaits replies to. FF-DEV-8 allows at most one FREEZE or THAW and at most one
    /// STATUS at a time, and FF-DEV-7 makes their ids distinct and non-zero, so two slots say everything: a
    /// 12-byte value the device passes to <see cref="ReplyValidation.Validate"/> by copy, with no lookup table.
    /// </summary>
    public readonly struct AwaitedRequests
    {
        private AwaitedRequests(uint controlRequestId, RequestType controlType, uint statusRequestId)
        {
            ControlRequestId = controlRequestId;
            ControlType = controlType;
            StatusRequestId = statusRequestId;
        }

        /// <summary>Nothing awaits a reply.</summary>
        public static AwaitedRequests None => default;

        /// <summary>The id of the FREEZE or THAW awaiting its reply, or 0.</summary>
        public uint ControlRequestId { get; }

        /// <summary>The type of that request (FREEZE or THAW); meaningless when <see cref="ControlRequestId"/> is 0.</summary>
        public RequestType ControlType { get; }

        /// <summary>The id of the STATUS awaiting its reply, or 0.</summary>
        public uint StatusRequestId { get; }

        /// <summary>These awaited requests with the FREEZE or THAW <paramref name="requestId"/> of <paramref name="type"/> awaiting too (0 clears the slot).</summary>
        public AwaitedRequests WithControl(RequestType type, uint requestId) => new(requestId, type, StatusRequestId);

        /// <summary>These awaited requests with STATUS <paramref name="requestId"/> awaiting too (0 clears the slot).</summary>
        public AwaitedRequests WithStatus(uint requestId) => new(ControlRequestId, ControlType, requestId);

        /// <summary>True, with the request's type, when <paramref name="requestId"/> awaits a reply; 0 never does.</summary>
        public bool TryMatch(uint requestId, out RequestType type)
        {
            if (requestId != 0 && requestId == ControlRequestId)
            {
                type = ControlType;
                return true;
            }

            if (requestId != 0 && requestId == StatusRequestId)
            {
                type = RequestType.Status;
                return true;
            }

            type = default;
            return false;
        }
    }
}
