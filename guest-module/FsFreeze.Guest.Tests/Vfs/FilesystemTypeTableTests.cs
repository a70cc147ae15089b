using System.Linq;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.Guest.Tests.Vfs
{
    /// <summary>
    /// The filesystem types of notes §2 as data: each row is a fact about the Linux type (which super_operations it
    /// fills in, whether it needs a device, how it logs), and <see cref="FilesystemTypes.Find"/> spells names as
    /// /proc/filesystems and mountinfo do.
    /// </summary>
    public sealed class FilesystemTypeTableTests
    {
        // name, freeze_fs, device, journaled, sets needs_recovery on unfreeze, delayed logging, covers log, CoW,
        // checks device on unfreeze, clean flag, anonymous s_dev, pseudo, remote
        [TestCase("ext4", true, true, true, true, false, false, false, false, false, false, false, false)]
        [TestCase("xfs", true, true, true, false, true, true, false, false, false, false, false, false)]
        [TestCase("btrfs", true, true, false, false, false, false, true, true, false, true, false, false)]
        [TestCase("ext2", true, true, false, false, false, false, false, false, true, false, false, false)]
        [TestCase("vfat", false, true, false, false, false, false, false, false, true, false, false, false)]
        [TestCase("msdos", false, true, false, false, false, false, false, false, true, false, false, false)]
        [TestCase("tmpfs", false, false, false, false, false, false, false, false, false, false, true, false)]
        [TestCase("proc", false, false, false, false, false, false, false, false, false, false, true, false)]
        [TestCase("sysfs", false, false, false, false, false, false, false, false, false, false, true, false)]
        [TestCase("devtmpfs", false, false, false, false, false, false, false, false, false, false, true, false)]
        [TestCase("cgroup2", false, false, false, false, false, false, false, false, false, false, true, false)]
        [TestCase("overlay", false, false, false, false, false, false, false, false, false, false, false, false)]
        [TestCase("nfs4", false, false, false, false, false, false, false, false, false, false, false, true)]
        [TestCase("fuse", false, false, false, false, false, false, false, false, false, false, false, true)]
        [TestCase("virtiofs", false, false, false, false, false, false, false, false, false, false, false, true)]
        public void Traits(string name, bool freezeFs, bool device, bool journaled, bool setsRecovery, bool delayed, bool covers, bool cow, bool checksDevice, bool cleanFlag, bool anonymous, bool pseudo, bool remote)
        {
            FilesystemType type = FilesystemTypes.Find(name)!;
            Assert.That(type, Is.Not.Null);
            Assert.That(
                new[] { type.HasFreezeFs, type.HasBackingDevice, type.Journaled, type.SetsNeedsRecoveryOnUnfreeze, type.DelayedLogging, type.CoversLogOnFreeze, type.CopyOnWrite, type.ChecksDeviceOnUnfreeze, type.HasCleanFlag, type.AnonymousDevice, type.IsPseudo, type.IsRemote },
                Is.EqualTo(new[] { freezeFs, device, journaled, setsRecovery, delayed, covers, cow, checksDevice, cleanFlag, anonymous, pseudo, remote }));
            Assert.That((type.Name, type.ToString(), type.HasOwnFreeze), Is.EqualTo((name, name, freezeFs)));
        }

        [Test]
        public void Find_KnowsEveryTypeOnce_ByItsExactName()
        {
            Assert.That(FilesystemTypes.All, Has.Count.EqualTo(15));
            Assert.That(FilesystemTypes.All.Select(static t => t.Name), Is.Unique);
            foreach (FilesystemType type in FilesystemTypes.All)
            {
                Assert.That(FilesystemTypes.Find(type.Name), Is.SameAs(type));
            }

            Assert.That(FilesystemTypes.Find("ntfs3"), Is.Null);
            Assert.That(FilesystemTypes.Find("EXT4"), Is.Null, "type names are case-sensitive");
            Assert.That(FilesystemTypes.Find("ext"), Is.Null);
        }

        [Test]
        public void DeviceNumbers_PrintAsMountinfoDoes_AndMajorZeroIsAnonymous()
        {
            Assert.That(new DeviceNumber(253, 17).ToString(), Is.EqualTo("253:17"));
            Assert.That((new DeviceNumber(0, 42).IsAnonymous, new DeviceNumber(7, 0).IsAnonymous), Is.EqualTo((true, false)));
            Assert.That(DeviceNumber.LoopMajor, Is.EqualTo(7u));
        }

        [Test]
        public void PageKeys_OrderByFileOrdinally_ThenByIndex()
        {
            var a0 = new PageKey("/a", 0);
            var a1 = new PageKey("/a", 1);
            var b0 = new PageKey("/b", 0);
            var upper = new PageKey("/B", 5);
            Assert.That(new[] { b0, a1, upper, a0 }.OrderBy(static k => k), Is.EqualTo(new[] { upper, a0, a1, b0 }), "ordinal: 'B' sorts before 'a'");
            Assert.That(new[] { a0 < a1, a1 < a0, a1 > a0, a0 > a1 }, Is.EqualTo(new[] { true, false, true, false }));
            Assert.That(new[] { a0 <= new PageKey("/a", 0), a0 >= new PageKey("/a", 0), a1 <= a0, a0 >= a1 }, Is.EqualTo(new[] { true, true, false, false }));
            Assert.That(new[] { a1 < b0, b0 > a1, b0 <= a1 }, Is.EqualTo(new[] { true, true, false }));
            Assert.That((a0.CompareTo(new PageKey("/a", 0)), a0.ToString()), Is.EqualTo((0, "/a#0")));
        }
    }
}
