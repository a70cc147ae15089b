using System;

namespace FsFreeze.Protocol.Replies
{
    /// <summary>
    /// The device's decoding and validation of what the driver writes on replyq, spec "Validating replies
    /// (device)": FF-DEV-11 (ignored), FF-DEV-12 (protocol error), FF-DEV-13 (events) and FF-DEV-14 (every input
    /// ends in one of these outcomes: nothing throws, nothing reads outside the bytes).
    /// </summary>
    public static class ReplyValidation
    {
        /// <summary>
        /// Decodes and judges one message. <paramref name="bytes"/> are the bytes the device read from the replyq
        /// chain; each is read once, so a driver rewriting the buffer
        /// meanwhile cannot make a checked value differ from the kept one.
        /// <para>
        /// Order: too short; then an EVENT is judged by FF-DEV-13 (EVENTS negotiated, <c>request_id</c> 0, known
        /// <c>event</c>) and, because no request waits for it, by the rules of FF-DEV-12 as an ignore reason; any
        /// other message must match an awaited request by id and then type (FF-DEV-11) before FF-DEV-12 applies.
        /// FF-DEV-12 checks run header first (status, state, reserved, event, notice_late, status against
        /// counts), then <c>entry_count</c> (SB_DETAIL, <paramref name="maxEntries"/>, buffer), then each entry,
        /// then the entries against the counts.
        /// </para>
        /// </summary>
        /// <param name="bytes">The message as read from replyq.</param>
        /// <param name="negotiatedFeatures">The features negotiated with the driver.</param>
        /// <param name="maxEntries">The configuration's <c>max_entries</c>.</param>
        /// <param name="awaited">The requests awaiting a reply.</param>
        public static ReplyVerdict Validate(ReadOnlySpan<byte> bytes, ulong negotiatedFeatures, uint maxEntries, AwaitedRequests awaited)
        {
            if (bytes.Length < FsFreezeReply.HeaderSize)
            {
                return ReplyVerdict.Ignored(ReplyIgnoredReason.TooShort);
            }

            FsFreezeReply header = FsFreezeReply.ReadHeader(bytes, out uint entryCount);
            if (header.Type == ReplyType.Event)
            {
                return ValidateEvent(bytes, header, entryCount, negotiatedFeatures, maxEntries);
            }

            if (!awaited.TryMatch(header.RequestId, out RequestType awaitedType))
            {
                return ReplyVerdict.Ignored(ReplyIgnoredReason.UnknownRequestId);
            }

            if ((ushort)header.Type != (ushort)awaitedType)
            {
                return ReplyVerdict.Ignored(ReplyIgnoredReason.TypeMismatch);
            }

            ReplyProblem problem = CheckBody(bytes, header, entryCount, negotiatedFeatures, maxEntries, out SuperblockEntry[] entries);
            return problem == ReplyProblem.None
                ? ReplyVerdict.Accepted(header.WithEntries(entries), awaitedType)
                : ReplyVerdict.ProtocolError(problem, header.RequestId, awaitedType, header);
        }

        private static ReplyVerdict ValidateEvent(ReadOnlySpan<byte> bytes, in FsFreezeReply header, uint entryCount, ulong negotiatedFeatures, uint maxEntries)
        {
            if (!FsFreezeFeature.IsNegotiated(negotiatedFeatures, FsFreezeFeature.Events))
            {
                return ReplyVerdict.Ignored(ReplyIgnoredReason.EventNotNegotiated);
            }

            if (header.RequestId != 0)
            {
                return ReplyVerdict.Ignored(ReplyIgnoredReason.EventWithRequestId);
            }

            if (header.Event is not (EventCode.AutoThawed or EventCode.ThawedOnRemove))
            {
                return ReplyVerdict.Ignored(ReplyIgnoredReason.UnknownEvent);
            }

            ReplyProblem problem = CheckBody(bytes, header, entryCount, negotiatedFeatures, maxEntries, out SuperblockEntry[] entries);
            return problem == ReplyProblem.None
                ? ReplyVerdict.Accepted(header.WithEntries(entries), default)
                : ReplyVerdict.Ignored(ReplyIgnoredReason.MalformedEvent, problem, header);
        }

        /// <summary>The rules of FF-DEV-12, for a reply whose type is already known to be the awaited one, or a valid EVENT's.</summary>
        private static ReplyProblem CheckBody(ReadOnlySpan<byte> bytes, in FsFreezeReply header, uint entryCount, ulong negotiatedFeatures, uint maxEntries, out SuperblockEntry[] entries)
        {
            entries = Array.Empty<SuperblockEntry>();
            ReplyProblem problem = CheckHeader(header, negotiatedFeatures);
            if (problem != ReplyProblem.None)
            {
                return problem;
            }

            bool sbDetail = FsFreezeFeature.IsNegotiated(negotiatedFeatures, FsFreezeFeature.SbDetail);
            if (entryCount != 0 && !sbDetail)
            {
                return ReplyProblem.EntriesWithoutSbDetail;
            }

            if (entryCount > maxEntries)
            {
                return ReplyProblem.EntryCountAboveMax;
            }

            if (!FsFreezeReply.EntriesFit(bytes.Length, entryCount))
            {
                return ReplyProblem.EntriesBeyondBuffer;
            }

            // entry_count is now at most max_entries (4096 in a valid configuration) and fits the bytes read, so
            // the array is bounded by what the driver actually sent.
            var tally = default(EntryTally);
            if (entryCount != 0)
            {
                entries = new SuperblockEntry[entryCount];
                for (int i = 0; i < entries.Length; i++)
                {
                    SuperblockEntry entry = SuperblockEntry.Read(bytes.Slice(FsFreezeReply.EntriesOffset + (i * SuperblockEntry.Size), SuperblockEntry.Size));
                    problem = entry.Check();
                    if (problem != ReplyProblem.None)
                    {
                        entries = Array.Empty<SuperblockEntry>();
                        return problem;
                    }

                    entries[i] = entry;
                    tally.Add(entry.Result);
                }
            }

            // A refusal acted on nothing, so only the "never more than the count" half applies to it.
            bool refusal = header.Status is ReplyStatus.Busy or ReplyStatus.Invalid or ReplyStatus.Unsupported or ReplyStatus.AlreadyFrozen;
            bool complete = sbDetail && !refusal && entryCount < maxEntries;
            bool frozenListed = header.FailedCount == 0 || header.Type == ReplyType.Freeze;
            if (tally.Contradicts(header, complete, frozenListed))
            {
                entries = Array.Empty<SuperblockEntry>();
                return ReplyProblem.EntriesContradictCounts;
            }

            return ReplyProblem.None;
        }

        /// <summary>The header rules of FF-DEV-12 (and FF-DRV-5 for <c>notice_late</c>).</summary>
        private static ReplyProblem CheckHeader(in FsFreezeReply header, ulong negotiatedFeatures)
        {
            if (header.Status > ReplyStatus.Deadline)
            {
                return ReplyProblem.UnknownStatus;
            }

            if (header.State > GuestFreezeState.Thawing)
            {
                return ReplyProblem.UnknownState;
            }

            if (header.Reserved != 0)
            {
                return ReplyProblem.ReservedNonZero;
            }

            if (header.Type != ReplyType.Event && header.Event != EventCode.None)
            {
                return ReplyProblem.EventFieldNonZero;
            }

            if (header.NoticeLate != 0 && !FsFreezeFeature.IsNegotiated(negotiatedFeatures, FsFreezeFeature.AppNotice))
            {
                return ReplyProblem.NoticeLateWithoutAppNotice;
            }

            if (header.Type == ReplyType.Freeze && header.Status == ReplyStatus.Ok && header.FailedCount != 0)
            {
                return ReplyProblem.OkFreezeWithFailures;
            }

            return header.Type == ReplyType.Freeze && header.Status == ReplyStatus.Failed && header.FrozenCount != 0
                ? ReplyProblem.FailedFreezeWithFrozen
                : ReplyProblem.None;
        }
    }
}
