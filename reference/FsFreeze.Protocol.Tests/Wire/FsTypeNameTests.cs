using System;
using FsFreeze.Protocol.Wire;

namespace FsFreeze.Protocol.Tests.Wire
{
    public sealed class FsTypeNameTests
    {
        private static byte[] Field(ulong low, ulong high)
        {
            byte[] field = new byte[FsTypeName.FieldSize];
            FsTypeName.Write(low, high, field);
            return field;
        }

        [TestCase("")]
        [TestCase("ext4")]
        [TestCase("sixteen-bytes-fs")]
        [TestCase("été")]
        public void Pack_ThenUnpack_GivesTheName(string name)
        {
            (ulong low, ulong high) = FsTypeName.Pack(name);
            Assert.Multiple(() =>
            {
                Assert.That(FsTypeName.Unpack(low, high), Is.EqualTo(name));
                Assert.That(FsTypeName.IsNulPadded(low, high), Is.True);
            });
        }

        [Test]
        public void Pack_IsNulPaddedUtf8()
        {
            (ulong low, ulong high) = FsTypeName.Pack("xfs");
            Assert.That(Field(low, high), Is.EqualTo(new byte[] { 0x78, 0x66, 0x73, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }));
        }

        [TestCase("seventeen-bytes-x")]
        [TestCase("ext\0")]
        [TestCase("\0ext")]
        [TestCase("ééééééééé")]
        public void Pack_RefusesWhatDoesNotFit(string name) => Assert.That(() => FsTypeName.Pack(name), Throws.TypeOf<ArgumentException>());

        [Test]
        public void IsNulPadded_RefusesAByteAfterTheFirstNul()
        {
            byte[] field = new byte[16];
            "xfs"u8.CopyTo(field);
            field[15] = (byte)'!';
            (ulong low, ulong high) = FsTypeName.Read(field);
            Assert.Multiple(() =>
            {
                Assert.That(FsTypeName.IsNulPadded(low, high), Is.False);
                Assert.That(FsTypeName.Unpack(low, high), Is.EqualTo("xfs"), "the name still ends at the first NUL");
                Assert.That(Field(low, high), Is.EqualTo(field), "the raw bytes are kept");
            });
        }

        [Test]
        public void IsNulPadded_RefusesAByteAfterANulInTheFirstByte()
        {
            // The empty name: its first byte is the NUL, so all 15 after it must be NUL too (mutation survivor
            // FsTypeName.cs:60, tools/mutation/FsFreeze.Protocol-survivors.md).
            byte[] field = new byte[16];
            field[1] = (byte)'x';
            (ulong low, ulong high) = FsTypeName.Read(field);
            Assert.Multiple(() =>
            {
                Assert.That(FsTypeName.IsNulPadded(low, high), Is.False);
                Assert.That(FsTypeName.Unpack(low, high), Is.Empty);
            });
        }

        [Test]
        public void Unpack_ShowsInvalidUtf8AsReplacement_ButKeepsTheBytes()
        {
            byte[] field = new byte[16];
            field[0] = 0xff;
            (ulong low, ulong high) = FsTypeName.Read(field);
            Assert.Multiple(() =>
            {
                Assert.That(FsTypeName.Unpack(low, high), Is.EqualTo("\uFFFD"));
                Assert.That(Field(low, high), Is.EqualTo(field));
            });
        }
    }
}
