using System;
using System.IO;
using System.Linq;
using FsFreeze.Guest.Linux.MountInfo;
using FsFreeze.Guest.Linux.Native;
using FsFreeze.Guest.Vfs;

namespace FsFreeze.RealKernel.Tests
{
    /// <summary>The safety rule's cleanup: a check that fails with its filesystem frozen still leaves nothing behind.</summary>
    [Category("RealKernel")]
    [NonParallelizable]
    public sealed class ScratchCleanupTests
    {
        [Test]
        public void AFailureWhileFrozen_StillThawsUnmountsDetachesAndDeletes()
        {
            string? reason = RealKernelSupport.Unavailable("ext4");
            if (reason is not null)
            {
                Assert.Ignore(reason);
            }

            LoopImage? image = null;
            string root = string.Empty;
            Assert.That(() =>
            {
                using var scratch = new Scratch();
                root = scratch.Root;
                image = LoopImage.Create(scratch, "ext4", "fs");
                Assert.That(new FreezeIoctl().Freeze(image.MountPoint), Is.EqualTo(Errno.None));
                throw new InvalidOperationException("a check failed while frozen");
            }, Throws.InvalidOperationException.With.Message.EqualTo("a check failed while frozen"));

            Assert.Multiple(() =>
            {
                Assert.That(MountInfoParser.Parse(File.ReadAllText("/proc/self/mountinfo")).Any(e => e.MountPoint.StartsWith(root, StringComparison.Ordinal)), Is.False, "unmounted");
                Assert.That(Commands.Require("losetup", "-a"), Does.Not.Contain(root), "loop device detached");
                Assert.That(Directory.Exists(root), Is.False, "scratch folder deleted");
            });
        }
    }
}
