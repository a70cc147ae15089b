using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Guest.Tests.Driver
{
    /// <summary>
    /// Hostile completions on both queues (FF-DRV-13, FF-DRV-32): refused, counted, nothing frozen because of them,
    /// the buffer they took replaced or reposted, and never a hang.
    /// </summary>
    public sealed class DriverCompletionTests
    {
        private static byte[] FreezeBytes(DriverRig rig) => FsFreezeRequest.Freeze(rig.NextId(), 30_000).ToArray();

        /// <summary>A STATUS whose reply the device reads and uses but the driver has not reclaimed yet.</summary>
        private static void ReplyUsedNotReclaimed(DriverRig rig)
        {
            rig.Device.Vanished = true;
            rig.Post(FsFreezeRequest.Status(rig.NextId()));
            rig.Scheduler.RunUntilIdle();
            rig.Device.Vanished = false;
            rig.Transport.Write(MmioRegister.QueueNotify, 4, (uint)FsFreezeDevice.ReplyQueueIndex);
        }

        private static void SendForgedId(DriverRig rig, byte[] bytes) =>
            Assert.That(rig.Device.SendBogusCompletion(bytes, rig.UsedRing(0), rig.QueueSize(0), forcedId: 999, forcedLength: null), Is.True);

        [Test]
        [Category("FF-DRV-13")]
        public void AForgedId_IsRefused_FreezesNothing_AndTheLostBufferIsReplacedOnce()
        {
            var rig = new DriverRig().Bound();
            SuperBlock disk = rig.Disk("/");
            int resets = rig.Device.Resets;
            SendForgedId(rig, FreezeBytes(rig));
            rig.Scheduler.RunUntilIdle();
            DriverQueueAccounting accounting = rig.Driver.Accounting;
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.RefusedCompletions, Is.EqualTo(1));
                Assert.That(rig.Driver.RequestsReceived, Is.Zero);
                Assert.That(disk.IsFrozen, Is.False);
                Assert.That(accounting.RequestBuffers, Is.EqualTo(5), "one new buffer for the lost one");
                Assert.That(accounting.LostRequestBuffers, Is.Zero);
                Assert.That(accounting.RequestBuffersPosted, Is.EqualTo(5));
                Assert.That(accounting.RequestqInFlight, Is.EqualTo(accounting.RequestBuffersPosted), "no buffer posted twice");
                Assert.That(rig.Device.AvailableRequestBuffers, Is.EqualTo(4), "the device holds as many as before");
                Assert.That(rig.Device.Resets, Is.EqualTo(resets), "a replacement needs no reset");
            });
            Assert.That(rig.Status().Status, Is.EqualTo(ReplyStatus.Ok));
        }

        [Test]
        [Category("FF-DRV-13")]
        public void AForgedId_WithNoDescriptorLeft_ResetsAndReinitialises()
        {
            var rig = new DriverRig(queueSizeMax: 4).Bound();
            SuperBlock disk = rig.Disk("/");
            int resets = rig.Device.Resets;
            SendForgedId(rig, FreezeBytes(rig));
            rig.Scheduler.RunUntilIdle();
            Assert.Multiple(() =>
            {
                Assert.That(rig.Device.Resets, Is.GreaterThan(resets), "only a reset returns the lost descriptor");
                Assert.That(rig.Driver.Phase, Is.EqualTo(DriverPhase.Ready));
                Assert.That(rig.Device.AvailableRequestBuffers, Is.EqualTo(4));
                Assert.That(rig.Driver.Accounting.LostRequestBuffers, Is.Zero);
                Assert.That(disk.IsFrozen, Is.False);
            });
            Assert.That(rig.Status().Status, Is.EqualTo(ReplyStatus.Ok));
        }

        [Test]
        [Category("FF-DRV-13")]
        public void AUsedLengthBeyondTheBuffer_IsRefused_AndTheBufferIsPostedAgain()
        {
            var rig = new DriverRig().Bound();
            SuperBlock disk = rig.Disk("/");
            Assert.That(rig.Device.SendBogusCompletion(FreezeBytes(rig), rig.UsedRing(0), rig.QueueSize(0), forcedId: null, forcedLength: 100_000), Is.True);
            rig.Scheduler.RunUntilIdle();
            DriverQueueAccounting accounting = rig.Driver.Accounting;
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.RefusedCompletions, Is.EqualTo(1));
                Assert.That(disk.IsFrozen, Is.False);
                Assert.That(accounting.RequestBuffers, Is.EqualTo(4), "the buffer came back: nothing to replace");
                Assert.That(accounting.RequestBuffersPosted, Is.EqualTo(4));
                Assert.That(rig.Device.AvailableRequestBuffers, Is.EqualTo(4));
            });
        }

        [Test]
        [Category("FF-DRV-13")]
        public void ARefusedCompletion_DoesNotHoldUpAValidOneBehindIt()
        {
            var rig = new DriverRig().Bound();
            SendForgedId(rig, FreezeBytes(rig));
            rig.Post(FsFreezeRequest.Status(rig.NextId()));
            rig.Scheduler.RunUntilIdle();
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.RefusedCompletions, Is.EqualTo(1));
                Assert.That(rig.MessagesOf(ReplyType.Status), Has.Count.EqualTo(1), "answered in the same pass, without another interrupt");
            });
        }

        [Test]
        [Category("FF-DRV-11")]
        public void ARequestFillingTheWholeBuffer_IsNotRefused()
        {
            var rig = new DriverRig().Bound();
            FsFreezeReply reply = rig.Exchange(FsFreezeRequest.Status(rig.NextId()), usedLength: 8192);
            Assert.Multiple(() =>
            {
                Assert.That(reply.Type, Is.EqualTo(ReplyType.Status));
                Assert.That(rig.Driver.RefusedCompletions, Is.Zero);
                Assert.That(rig.Driver.RequestsReceived, Is.EqualTo(1));
            });
        }

        [Test]
        [Category("FF-DRV-32")]
        public void ARequestqUsedIndexJump_IsRefused_WithoutAHang()
        {
            var rig = new DriverRig().Bound();
            SuperBlock disk = rig.Disk("/");
            rig.Post(FsFreezeRequest.Freeze(rig.NextId(), 30_000));
            rig.JumpUsedIndex(0, 50);
            rig.Scheduler.RunUntilIdle();
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.RefusedCompletions, Is.EqualTo(1));
                Assert.That(rig.Driver.RequestsReceived, Is.Zero);
                Assert.That(disk.IsFrozen, Is.False);
            });
        }

        [Test]
        [Category("FF-DRV-32")]
        public void AReplyqUsedIndexJump_IsRefused_WithoutAHang()
        {
            var rig = new DriverRig().Bound();
            rig.Status();
            rig.JumpUsedIndex(1, 50);
            rig.Post(FsFreezeRequest.Status(rig.NextId()));
            rig.Scheduler.RunUntilIdle();
            Assert.That(rig.Driver.RequestsReceived, Is.EqualTo(2), "the request is still read and answered as far as replyq allows");
        }

        [Test]
        [Category("FF-DRV-8")]
        public void AReplyUsedWithALength_StillGivesItsBufferBack()
        {
            // Reply buffers are device-readable only; a device that reports a used length has still used the buffer.
            var rig = new DriverRig(new FsFreezeDriverOptions { ReplyBuffers = 1 }).Bound();
            ReplyUsedNotReclaimed(rig);
            rig.RewriteLastUsed(1, length: 64);
            Assert.That(rig.Status().Status, Is.EqualTo(ReplyStatus.Ok));
            Assert.That(rig.Status().Status, Is.EqualTo(ReplyStatus.Ok));
        }

        [Test]
        [Category("FF-DRV-32")]
        public void AReplyCompletionWithAForgedId_IsRefused_AndNoBufferIsPostedTwice()
        {
            var rig = new DriverRig().Bound();
            ReplyUsedNotReclaimed(rig);
            rig.RewriteLastUsed(1, id: 999);
            rig.Status();
            rig.Status();
            rig.Scheduler.RunUntilIdle();
            DriverQueueAccounting accounting = rig.Driver.Accounting;
            Assert.Multiple(() =>
            {
                Assert.That(accounting.ReplyBuffersInUse, Is.EqualTo(accounting.ReplyqInFlight), "the refused chain's buffer stays out of the pool");
                Assert.That(accounting.ReplyqInFlight, Is.EqualTo(1));
            });
        }
    }
}
