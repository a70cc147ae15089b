using System;
using System.Collections.Generic;
using FsFreeze.Protocol.Replies;

namespace FsFreeze.Device.Emulation
{
    /// <summary>
    /// What the device did with the messages it read from replyq. Ignored messages are counted by reason, as
    /// FF-DEV-11 and FF-DEV-13 ask, so a misbehaving driver is visible to the host without failing anything.
    /// </summary>
    public sealed class ReplyCounters
    {
        private readonly long[] _ignored = new long[Enum.GetValues<ReplyIgnoredReason>().Length];

        /// <summary>replyq chains consumed (each used with length 0, FF-DEV-10).</summary>
        public long ChainsConsumed { get; private set; }

        /// <summary>Replies accepted that completed an awaited request.</summary>
        public long RepliesAccepted { get; private set; }

        /// <summary>Valid EVENTs accepted (FF-DEV-13).</summary>
        public long EventsAccepted { get; private set; }

        /// <summary>Replies that completed their request with a protocol error (FF-DEV-12).</summary>
        public long ProtocolErrors { get; private set; }

        /// <summary>Requests written into requestq buffers.</summary>
        public long RequestsSent { get; private set; }

        /// <summary>Messages ignored, all reasons together.</summary>
        public long IgnoredTotal
        {
            get
            {
                long total = 0;
                foreach (long count in _ignored)
                {
                    total += count;
                }

                return total;
            }
        }

        /// <summary>Messages ignored for <paramref name="reason"/>.</summary>
        public long Ignored(ReplyIgnoredReason reason) =>
            (int)reason >= 0 && (int)reason < _ignored.Length ? _ignored[(int)reason] : 0;

        /// <summary>
        /// Counters as another implementation reported them (a device in another process, over the vhost-user
        /// back-end's control socket), so the host side reads them through the same type.
        /// </summary>
        public static ReplyCounters FromReport(long chainsConsumed, long repliesAccepted, long eventsAccepted, long protocolErrors, long requestsSent, IReadOnlyDictionary<ReplyIgnoredReason, long> ignored)
        {
            ArgumentNullException.ThrowIfNull(ignored);
            var counters = new ReplyCounters
            {
                ChainsConsumed = chainsConsumed,
                RepliesAccepted = repliesAccepted,
                EventsAccepted = eventsAccepted,
                ProtocolErrors = protocolErrors,
                RequestsSent = requestsSent,
            };
            foreach ((ReplyIgnoredReason reason, long count) in ignored)
            {
                if ((int)reason >= 0 && (int)reason < counters._ignored.Length)
                {
                    counters._ignored[(int)reason] = count;
                }
            }

            return counters;
        }

        internal void CountChain() => ChainsConsumed++;

        internal void CountSent() => RequestsSent++;

        internal void Count(in ReplyVerdict verdict)
        {
            switch (verdict.Kind)
            {
                case ReplyVerdictKind.Ignored:
                    _ignored[(int)verdict.IgnoredReason]++;
                    break;
                case ReplyVerdictKind.ProtocolError:
                    ProtocolErrors++;
                    break;
                default:
                    if (verdict.Reply.Type == Protocol.ReplyType.Event)
                    {
                        EventsAccepted++;
                    }
                    else
                    {
                        RepliesAccepted++;
                    }

                    break;
            }
        }
    }
}
