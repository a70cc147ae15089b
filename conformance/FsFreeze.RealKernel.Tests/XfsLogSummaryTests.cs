namespace FsFreeze.RealKernel.Tests
{
    /// <summary>
    /// The decoding of <c>xfs_logprint -t</c> that decides "nothing to replay" for an xfs copy, on output captured on
    /// this machine (Linux 6.18, xfsprogs): a frozen copy's log and a synced one's. Needs no root.
    /// </summary>
    public sealed class XfsLogSummaryTests
    {
        // Raw string literals drop their common indentation: item headers end up in column 0, as xfs_logprint prints them.
        private const string Frozen = """
            xfs_logprint:
                data device: 0xffffffffffffffff
                log device: 0xffffffffffffffff daddr: 307248 length: 131072

                log tail: 9 head: 13 state: <DIRTY>


            LOG REC AT LSN cycle 1 block 9 (0x1, 0x9)
            ============================================================================
            TRANS: tid:0x9f4f6861  #items:2  trans:0x9f4f6861  q:0x55ddbb335240
            BUF: cnt:2 total:2 a:0x55ddbb32b3e0 len:24 a:0x55ddbb32b460 len:384
            	BUF:  #regs:2   start blkno:0x0   len:1   bmap size:1   flags:0x9000
            	SUPER Block Buffer:

            LOG REC AT LSN cycle 1 block 11 (0x1, 0xb)
            ============================================================================
            TRANS: tid:0x7a38623b  #items:2  trans:0x7a38623b  q:0x55ddbb335240
            BUF: cnt:2 total:2 a:0x55ddbb32b3e0 len:24 a:0x55ddbb32b460 len:384
            	BUF:  #regs:2   start blkno:0x0   len:1   bmap size:1   flags:0x9000
            	SUPER Block Buffer:
            """;

        private const string Synced = """
                log tail: 2 head: 9 state: <DIRTY>

            LOG REC AT LSN cycle 1 block 2 (0x1, 0x2)
            ============================================================================
            TRANS: tid:0x5c0ebd56  #items:26  trans:0x5c0ebd56  q:0x559d5d4faa40
            BUF: cnt:2 total:2 a:0x559d5d4f13e0 len:24 a:0x559d5d4f1460 len:384
            	BUF:  #regs:2   start blkno:0x0   len:1   bmap size:1   flags:0x9000
            	SUPER Block Buffer:
            INO: cnt:3 total:3 a:0x559d5d4ded90 len:56 a:0x559d5d4f1660 len:176 a:0x559d5d4f1720 len:36
            	INODE: #regs:3   ino:0x80  flags:0x3   dsize:36
            BUF: cnt:2 total:2 a:0x559d5d4deba0 len:24 a:0x559d5d4f17b0 len:128
            	BUF:  #regs:2   start blkno:0x2   len:1   bmap size:1   flags:0x3800
            	AGI Buffer: (XAGI)
            """;

        [Test]
        public void AFrozenCopy_LogsOnlyTheCoveringSuperBlockCommits_NothingToReplay()
        {
            (bool nothing, string summary) = CopyExamination.XfsLogSummary(Frozen);
            Assert.That(nothing, Is.True, summary);
            Assert.That(summary, Does.Contain("state: <DIRTY>").And.Contain("2 logged items of which 2 superblock"));
        }

        [Test]
        public void ASyncedCopy_LogsInodesAndAllocationGroups_SoAReplayHasWorkToDo()
        {
            (bool nothing, string summary) = CopyExamination.XfsLogSummary(Synced);
            Assert.That(nothing, Is.False, summary);
            Assert.That(summary, Does.Contain("3 logged items of which 1 superblock"));
        }

        [Test]
        public void ACleanLog_HasNothingToReplay()
        {
            (bool nothing, string summary) = CopyExamination.XfsLogSummary("    log tail: 2 head: 2 state: <CLEAN>\n");
            Assert.That((nothing, summary), Is.EqualTo((true, "xfs_logprint: log tail: 2 head: 2 state: <CLEAN>, 0 logged items of which 0 superblock")));
        }
    }
}
