namespace FsFreeze.Protocol.Replies
{
    /// <summary>
    /// Entries counted by the count each result belongs to (see <see cref="EntryResult"/>), to check that the
    /// entries never contradict the counts (FF-DRV-26).
    /// </summary>
    internal struct EntryTally
    {
        public uint Frozen;
        public uint Thawed;
        public uint Skipped;
        public uint Failed;

        public void Add(EntryResult result)
        {
            switch (result)
            {
                case EntryResult.Frozen:
                    Frozen++;
                    break;
                case EntryResult.Thawed:
                case EntryResult.RolledBack:
                    Thawed++;
                    break;
                case EntryResult.SkippedUnfreezable:
                case EntryResult.SkippedNotSelected:
                    Skipped++;
                    break;
                default:
                    Failed++;
                    break;
            }
        }

        /// <summary>
        /// True when the entries contradict <paramref name="header"/>'s counts. The counts are totals "whatever the
        /// number of entries", so entries of a kind never outnumber their count. When the list is
        /// <paramref name="complete"/> (one entry per superblock acted on), each kind matches its count exactly;
        /// <c>frozen_count</c> only when <paramref name="frozenListed"/>, because it counts superblocks held, not
        /// acted on, and a failed thaw reports the ones it keeps holding as FAILED (FF-DRV-25).
        /// </summary>
        public readonly bool Contradicts(in FsFreezeReply header, bool complete, bool frozenListed)
        {
            if (Frozen > header.FrozenCount || Thawed > header.ThawedCount || Skipped > header.SkippedCount || Failed > header.FailedCount)
            {
                return true;
            }

            if (!complete)
            {
                return false;
            }

            return Thawed != header.ThawedCount || Skipped != header.SkippedCount || Failed != header.FailedCount || (frozenListed && Frozen != header.FrozenCount);
        }
    }
}
