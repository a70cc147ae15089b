using System;
using System.Linq;
using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Guest.Tests.Driver
{
    /// <summary>
    /// The request buffers and the reply pool (FF-DRV-2, FF-DRV-6, FF-DRV-8): how many, how big after a reload with
    /// a new configuration, and replies that wait for a free buffer rather than get lost.
    /// </summary>
    public sealed class DriverBufferPoolTests
    {
        [TestCase(1, 2)]
        [TestCase(4, 4)]
        [TestCase(6, 6)]
        [Category("FF-DRV-2")]
        public void RequestBuffers_AreTheConfiguredCount_AndAtLeastTwo(int configured, int posted)
        {
            var rig = new DriverRig(new FsFreezeDriverOptions { RequestBuffers = configured }).Bound();
            Assert.Multiple(() =>
            {
                Assert.That(rig.Device.AvailableRequestBuffers, Is.EqualTo(posted));
                Assert.That(rig.Driver.Accounting.RequestBuffers, Is.EqualTo(posted));
                Assert.That(rig.Driver.Accounting.RequestqInFlight, Is.EqualTo(posted));
            });
        }

        [Test]
        [Category("FF-DRV-6")]
        public void AReloadAfterRequestSizeGrew_PostsBuffersOfTheNewSize()
        {
            var rig = new DriverRig(config: new FsFreezeConfig(4096, 64, 600_000)).Bound();
            Assert.That(rig.Remove(), Is.True);
            rig.Device.SetConfiguration(new FsFreezeConfig(16384, 64, 600_000));
            rig.Device.RequestChains.Clear();
            rig.Bound();
            Assert.That(rig.Device.RequestChains.Select(static c => c.WritableLength), Is.Not.Empty.And.All.EqualTo(16384u));
            Assert.That(rig.Exchange(FsFreezeRequest.Status(rig.NextId()), usedLength: 16384).Type, Is.EqualTo(ReplyType.Status));
        }

        [Test]
        [Category("FF-DRV-26")]
        public void AReloadAfterMaxEntriesGrew_HasReplyBuffersForEveryEntry()
        {
            var rig = new DriverRig(config: new FsFreezeConfig(8192, 1, 600_000)).Bound();
            Assert.That(rig.Remove(), Is.True);
            rig.Device.SetConfiguration(new FsFreezeConfig(8192, 64, 600_000));
            rig.Bound();
            rig.Disk("/");
            rig.Disk("/a");
            rig.Disk("/b");
            FsFreezeReply reply = rig.Freeze();
            Assert.Multiple(() =>
            {
                Assert.That(reply.Status, Is.EqualTo(ReplyStatus.Ok));
                Assert.That(reply.EntryCount, Is.EqualTo(3));
            });
        }

        [Test]
        [Category("FF-DRV-8")]
        public void RepliesTheDeviceHasNotRead_WaitInTheFreeReplyBuffers()
        {
            var rig = new DriverRig(new FsFreezeDriverOptions { ReplyBuffers = 4 }).Bound();
            rig.Device.Vanished = true;
            for (int i = 0; i < 3; i++)
            {
                rig.Post(FsFreezeRequest.Status(rig.NextId()));
                rig.Scheduler.RunUntilIdle();
            }

            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.Accounting.ReplyBuffersInUse, Is.EqualTo(3));
                Assert.That(rig.Driver.Accounting.PendingMessages, Is.Zero);
                Assert.That(rig.Driver.MessagesSent, Is.EqualTo(3));
            });
        }

        [Test]
        [Category("FF-DRV-8")]
        public void RepliesWithoutAFreeBuffer_WaitInMemory_AndGoOutAsTheDeviceUsesBuffers()
        {
            var rig = new DriverRig(new FsFreezeDriverOptions { ReplyBuffers = 1 }).Bound();
            rig.Device.Vanished = true;
            for (int i = 0; i < 3; i++)
            {
                rig.Post(FsFreezeRequest.Status(rig.NextId()));
                rig.Scheduler.RunUntilIdle();
            }

            Assert.That(rig.Driver.Accounting.PendingMessages, Is.EqualTo(2));
            Assert.That(rig.Driver.Accounting.ReplyBuffersInUse, Is.EqualTo(1));

            // The device comes back and reads replyq on its own (as if notified): each used buffer carries the next reply.
            rig.Device.Vanished = false;
            rig.Transport.Write(MmioRegister.QueueNotify, 4, (uint)FsFreezeDevice.ReplyQueueIndex);
            rig.Scheduler.RunUntilIdle();
            Assert.Multiple(() =>
            {
                Assert.That(rig.MessagesOf(ReplyType.Status).Select(static r => r.RequestId), Is.EqualTo(new uint[] { 1, 2, 3 }));
                Assert.That(rig.Driver.Accounting.PendingMessages, Is.Zero);
            });
        }

        [Test]
        [Category("FF-DRV-33")]
        public void Accounting_CountsTheChainsInFlight_OnBothQueues()
        {
            var rig = new DriverRig().Bound();
            rig.Device.Vanished = true;
            rig.Post(FsFreezeRequest.Status(rig.NextId()));
            rig.Scheduler.RunUntilIdle();
            DriverQueueAccounting accounting = rig.Driver.Accounting;
            Assert.Multiple(() =>
            {
                Assert.That(accounting.RequestqInFlight, Is.EqualTo(4));
                Assert.That(accounting.ReplyqInFlight, Is.EqualTo(1));
                Assert.That(accounting.ReplyBuffersInUse, Is.EqualTo(1));
            });
        }
    }
}
