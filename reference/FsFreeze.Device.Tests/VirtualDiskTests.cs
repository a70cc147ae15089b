using FsFreeze.Device.BlockLayer;

namespace FsFreeze.Device.Tests
{
    public sealed class VirtualDiskTests
    {
        [Test]
        public void Block_HoldsNewRequests_DrainsInFlight_ResumeReleasesInOrder()
        {
            var disk = new VirtualDisk("vda", 1024);
            BlockRequest before = disk.SubmitWrite(0, [1]);
            disk.Block();
            BlockRequest during = disk.SubmitWrite(1, [2]);
            Assert.Multiple(() =>
            {
                Assert.That(disk.IsDrained, Is.False);
                Assert.That(disk.WaitingCount, Is.EqualTo(1));
            });
            disk.CompleteAll();
            Assert.Multiple(() =>
            {
                Assert.That(disk.IsDrained, Is.True);
                Assert.That(during.IsCompleted, Is.False, "held back by the block");
                Assert.That(disk.CopyImage()[0], Is.EqualTo((byte)1));
            });
            disk.Resume();
            disk.CompleteAll();
            Assert.Multiple(() =>
            {
                Assert.That(before.CompletionCount, Is.EqualTo(1));
                Assert.That(during.CompletionCount, Is.EqualTo(1));
                Assert.That(disk.Image[1], Is.EqualTo((byte)2));
            });
        }
    }
}
