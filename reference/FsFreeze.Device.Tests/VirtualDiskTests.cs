using System;
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

        [Test]
        [Category("FF-HOST-5")]
        public void CompleteOne_PicksByIndexModuloInFlight_ReadsAndWritesTheImage_CountsOnce()
        {
            var disk = new VirtualDisk("vda", 16);
            BlockRequest write = disk.SubmitWrite(4, [9, 8]);
            BlockRequest read = disk.SubmitRead(4, 2);
            BlockRequest flush = disk.SubmitFlush();
            Assert.Multiple(() =>
            {
                Assert.That(read.Id, Is.EqualTo(write.Id + 1));
                Assert.That(flush.Id, Is.EqualTo(write.Id + 2));
                Assert.That(disk.CompleteOne(3), Is.SameAs(write), "3 modulo 3 in flight is the first");
                Assert.That(disk.CompleteOne(1), Is.SameAs(flush));
                Assert.That(disk.CompleteOne(), Is.SameAs(read));
                Assert.That(read.Data, Is.EqualTo(new byte[] { 9, 8 }));
                Assert.That(write.IsCompleted && read.IsCompleted && flush.IsCompleted, Is.True);
                Assert.That(disk.CompletedCount, Is.EqualTo(3));
                Assert.That(disk.CompleteOne(), Is.Null);
            });
        }

        [Test]
        public void CompleteAll_SaysHowManyCompleted()
        {
            var disk = new VirtualDisk("vda", 16);
            disk.SubmitFlush();
            disk.SubmitWrite(0, [1]);
            Assert.Multiple(() =>
            {
                Assert.That(disk.CompleteAll(), Is.EqualTo(2));
                Assert.That(disk.CompleteAll(), Is.Zero);
                Assert.That(disk.InFlightCount, Is.Zero);
            });
        }

        [Test]
        public void Submit_RefusesRequestsOutsideTheImage_AcceptsOneEndingAtItsEnd()
        {
            var disk = new VirtualDisk("vda", 16);
            Assert.Multiple(() =>
            {
                Assert.That(() => disk.SubmitWrite(0, null!), Throws.ArgumentNullException);
                Assert.That(() => disk.SubmitWrite(-1, [1]), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("outside the image"));
                Assert.That(() => disk.SubmitWrite(10, new byte[7]), Throws.TypeOf<ArgumentOutOfRangeException>());
                Assert.That(() => disk.SubmitRead(15, 2), Throws.TypeOf<ArgumentOutOfRangeException>());
                Assert.That(disk.SubmitWrite(10, new byte[6]).Offset, Is.EqualTo(10));
                Assert.That(disk.InFlightCount, Is.EqualTo(1));
            });
        }
    }
}
