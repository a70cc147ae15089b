using System;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Protocol.Tests
{
    /// <summary>The offset constants tile each structure of spec "Messages" without gap or overlap, and encoders write each field there.</summary>
    public sealed class LayoutTests
    {
        private static void AssertTiles(int size, params (int Offset, int Width)[] fields)
        {
            int next = 0;
            foreach ((int offset, int width) in fields)
            {
                Assert.That(offset, Is.EqualTo(next), $"field at {offset}");
                next += width;
            }

            Assert.That(next, Is.EqualTo(size));
        }

        [Test]
        public void Config_Tiles12Bytes() =>
            AssertTiles(FsFreezeConfig.Size, (FsFreezeConfig.RequestSizeOffset, 4), (FsFreezeConfig.MaxEntriesOffset, 4), (FsFreezeConfig.MaxDeadlineMsOffset, 4));

        [Test]
        public void RequestHeader_Tiles16Bytes() =>
            AssertTiles(
                FsFreezeRequest.HeaderSize,
                (FsFreezeRequest.TypeOffset, 2),
                (FsFreezeRequest.FlagsOffset, 2),
                (FsFreezeRequest.RequestIdOffset, 4),
                (FsFreezeRequest.DeadlineMsOffset, 4),
                (FsFreezeRequest.NoticeMsOffset, 2),
                (FsFreezeRequest.SelectorCountOffset, 2));

        [Test]
        public void SelectorHeader_Tiles4Bytes_AndDevicePayload8() =>
            Assert.Multiple(() =>
            {
                AssertTiles(Selector.PayloadOffset, (Selector.KindOffset, 2), (Selector.LengthOffset, 2));
                AssertTiles(Selector.DevicePayloadLength, (Selector.DeviceMajorOffset, 4), (Selector.DeviceMinorOffset, 4));
            });

        [Test]
        public void ReplyHeader_Tiles48Bytes() =>
            AssertTiles(
                FsFreezeReply.HeaderSize,
                (FsFreezeReply.TypeOffset, 2),
                (FsFreezeReply.StatusOffset, 2),
                (FsFreezeReply.RequestIdOffset, 4),
                (FsFreezeReply.StateOffset, 4),
                (FsFreezeReply.FrozenCountOffset, 4),
                (FsFreezeReply.ThawedCountOffset, 4),
                (FsFreezeReply.SkippedCountOffset, 4),
                (FsFreezeReply.FailedCountOffset, 4),
                (FsFreezeReply.EntryCountOffset, 4),
                (FsFreezeReply.RemainingMsOffset, 4),
                (FsFreezeReply.EventOffset, 4),
                (FsFreezeReply.NoticeLateOffset, 4),
                (FsFreezeReply.ReservedOffset, 4));

        [Test]
        public void Entry_Tiles32Bytes() =>
            AssertTiles(
                SuperblockEntry.Size,
                (SuperblockEntry.DevMajorOffset, 4),
                (SuperblockEntry.DevMinorOffset, 4),
                (SuperblockEntry.ResultOffset, 2),
                (SuperblockEntry.FlagsOffset, 2),
                (SuperblockEntry.ErrorOffset, 4),
                (SuperblockEntry.FsTypeOffset, SuperblockEntry.FsTypeSize));

        [Test]
        public void ReplyEncoder_WritesEachFieldLittleEndianAtItsOffset()
        {
            byte[] bytes = new FsFreezeReply
            {
                Type = (ReplyType)0x0201, Status = (ReplyStatus)0x0403, RequestId = 0x08070605, State = (GuestFreezeState)0x0c0b0a09,
                FrozenCount = 0x100f0e0d, ThawedCount = 0x14131211, SkippedCount = 0x18171615, FailedCount = 0x1c1b1a19,
                RemainingMs = 0x24232221, Event = (EventCode)0x28272625, NoticeLate = 0x2c2b2a29, Reserved = 0x302f2e2d,
            }.ToArray();
            byte[] expected = new byte[48];
            for (int i = 0; i < 48; i++)
            {
                expected[i] = (byte)(i + 1);
            }

            // entry_count is the number of entries (0), not a free field.
            expected.AsSpan(FsFreezeReply.EntryCountOffset, 4).Clear();
            Assert.That(bytes, Is.EqualTo(expected));
        }

        [Test]
        public void RequestEncoder_WritesEachFieldLittleEndianAtItsOffset()
        {
            byte[] bytes = new FsFreezeRequest { Type = (RequestType)0x0201, Flags = 0x0403, RequestId = 0x08070605, DeadlineMs = 0x0c0b0a09, NoticeMs = 0x0e0d }.ToArray();
            Assert.That(bytes, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0, 0 }));
        }

        [Test]
        public void EntryEncoder_WritesEachFieldLittleEndianAtItsOffset()
        {
            byte[] bytes = new byte[SuperblockEntry.Size];
            Assert.That(new SuperblockEntry { DevMajor = 0x04030201, DevMinor = 0x08070605, Result = (EntryResult)0x0a09, Flags = (EntryFlags)0x0c0b, Error = 0x100f0e0d, FsType = "ab" }.TryEncode(bytes), Is.True);
            Assert.That(bytes, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, (byte)'a', (byte)'b', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }));
        }
    }
}
