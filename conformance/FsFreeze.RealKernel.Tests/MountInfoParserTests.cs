using System;
using FsFreeze.Guest.Linux.MountInfo;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.RealKernel.Tests
{
    /// <summary>/proc/self/mountinfo parsed as proc(5) defines it: escapes, optional fields, super options.</summary>
    public sealed class MountInfoParserTests
    {
        [Test]
        public void ParsesEveryFieldOfTheProc5Example()
        {
            MountInfoEntry e = MountInfoParser.ParseLine("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue");
            Assert.Multiple(() =>
            {
                Assert.That((e.MountId, e.ParentId, e.Dev), Is.EqualTo((36, 35, new DeviceNumber(98, 0))));
                Assert.That((e.Root, e.MountPoint, e.FsType, e.Source), Is.EqualTo(("/mnt1", "/mnt2", "ext3", "/dev/root")));
                Assert.That(e.MountOptions, Is.EqualTo(new[] { "rw", "noatime" }));
                Assert.That(e.OptionalFields, Is.EqualTo(new[] { "master:1" }));
                Assert.That(e.SuperOptions, Is.EqualTo(new[] { "rw", "errors=continue" }));
                Assert.That(e.SuperReadOnly, Is.False);
            });
        }

        [Test]
        public void OptionalFields_MayBeNoneOrSeveral()
        {
            Assert.That(MountInfoParser.ParseLine("27 1 254:0 / / rw,relatime - ext4 /dev/vda rw").OptionalFields, Is.Empty);
            Assert.That(MountInfoParser.ParseLine("27 1 254:0 / / rw shared:1 master:2 propagate_from:3 - ext4 /dev/vda rw").OptionalFields,
                Is.EqualTo(new[] { "shared:1", "master:2", "propagate_from:3" }));
        }

        [Test]
        public void OctalEscapes_AreUndone_InPathsAndSource()
        {
            MountInfoEntry e = MountInfoParser.ParseLine(@"40 27 7:3 /a\134b /tmp/my\040mount\011x\012y rw - ext4 /dev/loop3 ro");
            Assert.Multiple(() =>
            {
                Assert.That(e.Root, Is.EqualTo(@"/a\b"));
                Assert.That(e.MountPoint, Is.EqualTo("/tmp/my mount\tx\ny"));
                Assert.That(e.SuperReadOnly, Is.True, "ro among the super options is SB_RDONLY");
                Assert.That(e.MountReadOnly, Is.False);
            });
        }

        [Test]
        public void MultiByteNames_SurviveEscapesNextToThem()
        {
            Assert.That(MountInfoParser.Unescape(@"/tmp/ü\040€"), Is.EqualTo("/tmp/ü €"));
            Assert.That(MountInfoParser.Unescape(@"/x\303\274"), Is.EqualTo("/xü"), "escaped UTF-8 bytes form one character");
        }

        [TestCase("36 35 98:0 /mnt1 /mnt2 rw master:1 ext3 /dev/root rw", TestName = "no separator")]
        [TestCase("36 35 98:0 /mnt1 /mnt2 rw - ext3 /dev/root", TestName = "too few fields after the separator")]
        [TestCase("x 35 98:0 / / rw - ext3 /dev/root rw", TestName = "bad mount ID")]
        [TestCase("36 35 98 / / rw - ext3 /dev/root rw", TestName = "bad major:minor")]
        [TestCase(@"36 35 98:0 / /a\04 rw - ext3 /dev/root rw", TestName = "short escape")]
        [TestCase(@"36 35 98:0 / /a\089 rw - ext3 /dev/root rw", TestName = "non-octal escape")]
        [TestCase(@"36 35 98:0 / /a\777 rw - ext3 /dev/root rw", TestName = "escape above 255")]
        public void MalformedLines_AreReported(string line)
        {
            Assert.That(() => MountInfoParser.ParseLine(line, 7), Throws.TypeOf<FormatException>().With.Message.Contains("line 7"));
        }

        [Test]
        public void Parse_KeepsFileOrder_AndSkipsTheFinalNewline()
        {
            var entries = MountInfoParser.Parse("1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 7:0 / /a rw - xfs /dev/loop0 rw\n");
            Assert.That(entries, Has.Count.EqualTo(2));
            Assert.That(entries[1].MountPoint, Is.EqualTo("/a"));
        }
    }
}
