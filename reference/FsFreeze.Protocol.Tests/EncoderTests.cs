using System;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Protocol.Tests
{
    /// <summary>Encoders refuse a too-small destination with false (Try) or ArgumentException, and write nothing beyond the message.</summary>
    public sealed class EncoderTests
    {
        private static readonly FsFreezeRequest Selective = FsFreezeRequest.Freeze(2, 10000, 2000, Selector.Device(253, 1), Selector.MountPath("/srv/db"));

        [Test]
        public void Request_TooSmallDestination_IsRefused()
        {
            byte[] small = new byte[Selective.EncodedLength - 1];
            Assert.Multiple(() =>
            {
                Assert.That(Selective.TryEncode(small, out int written), Is.False);
                Assert.That(written, Is.Zero);
                Assert.That(() => Selective.Encode(small), Throws.TypeOf<ArgumentException>());
            });
        }

        [Test]
        public void Request_WritesOnlyItsLength()
        {
            byte[] buffer = new byte[64];
            buffer.AsSpan().Fill(0xaa);
            Assert.That(Selective.Encode(buffer), Is.EqualTo(48));
            Assert.That(buffer.AsSpan(48).IndexOfAnyExcept((byte)0xaa), Is.EqualTo(-1));
        }

        [Test]
        public void Selector_PayloadBeyondU16_CannotBeEncoded()
        {
            var selector = new Selector(SelectorKind.MountPath, new byte[ushort.MaxValue + 1]);
            Assert.That(selector.TryEncode(new byte[selector.EncodedLength], out _), Is.False);
        }

        [Test]
        public void Selector_PadsWithZeroes()
        {
            byte[] buffer = new byte[16];
            buffer.AsSpan().Fill(0xaa);
            Assert.That(Selector.MountPath("/a").TryEncode(buffer, out int written), Is.True);
            Assert.That(written, Is.EqualTo(8));
            Assert.That(buffer.AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 2, 0, 2, 0, (byte)'/', (byte)'a', 0, 0 }));
        }

        [Test]
        public void Reply_TooSmallDestination_IsRefused()
        {
            var reply = new FsFreezeReply { Type = ReplyType.Status, Entries = [new SuperblockEntry { FsType = "ext4" }] };
            Assert.Multiple(() =>
            {
                Assert.That(reply.EncodedLength, Is.EqualTo(80));
                Assert.That(reply.TryEncode(new byte[79], out _), Is.False);
                Assert.That(() => reply.Encode(new byte[47]), Throws.TypeOf<ArgumentException>());
            });
        }

        [Test]
        public void Entry_NameBeyond16Bytes_IsRefusedWhenSet() =>
            Assert.That(() => new SuperblockEntry { FsType = "a-name-of-17-byte" }, Throws.TypeOf<ArgumentException>());

        [Test]
        public void Config_TooSmallDestination_IsRefused() =>
            Assert.Multiple(() =>
            {
                Assert.That(new FsFreezeConfig(16, 0, 1).TryEncode(new byte[11]), Is.False);
                Assert.That(() => new FsFreezeConfig(16, 0, 1).Encode(new byte[11]), Throws.TypeOf<ArgumentException>());
                Assert.That(FsFreezeConfig.TryDecode(new byte[11], out _), Is.False);
            });

        [Test]
        public void DefaultMessages_HaveNoSelectorsOrEntries() =>
            Assert.Multiple(() =>
            {
                Assert.That(default(FsFreezeRequest).Selectors, Is.Empty);
                Assert.That(default(FsFreezeRequest).EncodedLength, Is.EqualTo(16));
                Assert.That(default(FsFreezeReply).Entries, Is.Empty);
                Assert.That(default(SuperblockEntry).FsType, Is.Empty);
            });
    }
}
