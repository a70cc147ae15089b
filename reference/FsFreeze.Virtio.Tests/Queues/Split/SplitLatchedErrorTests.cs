using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Virtio.Tests.Queues.Split
{
    /// <summary>
    /// After a malformed ring the split device end "does nothing more" (IDeviceQueue.Error): it touches no part of
    /// the queue and asks for no notification until reset (FF-INIT-7).
    /// </summary>
    public sealed class SplitLatchedErrorTests
    {
        /// <summary>A device holding one popped chain after pushing another, with a head of Queue Size (FF-RING-6) next.</summary>
        private static (SplitPair Pair, ChainToken Held) Broken(ulong features = 0)
        {
            var pair = new SplitPair(4, features);
            Assert.That(pair.Driver.TryAdd(default, SplitPair.Buffers(0, 1, 8), 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.PushUsed(pair.Pop(), 4), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.TryAdd(default, SplitPair.Buffers(1, 1, 8), 0, false, out _), Is.EqualTo(QueueError.None));
            ChainToken held = pair.Pop();
            pair.Publish(4);
            Assert.That(pair.Device.TryPop(pair.Storage, out _, out QueueError error), Is.False);
            Assert.That(error, Is.EqualTo(QueueError.HeadIndexOutOfRange));
            return (pair, held);
        }

        [Test]
        [Category("FF-INIT-7")]
        [Category("FF-RING-6")]
        public void LatchedDevice_OffersNothingAndPushesNothing()
        {
            (SplitPair pair, ChainToken held) = Broken();
            pair.Publish(0);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(pair.Device.HasAvailable(), Is.False);
                Assert.That(pair.Device.PushUsed(held, 0), Is.EqualTo(QueueError.HeadIndexOutOfRange));
                Assert.That(pair.Device.UsedIndex, Is.EqualTo(1), "used.idx not moved");
                Assert.That(pair.Device.NeedsInterrupt(), Is.False, "the push before the error is not signalled after it");
            }
        }

        [TestCase(false)]
        [TestCase(true)]
        [Category("FF-INIT-7")]
        public void LatchedDevice_LeavesTheUsedRingAlone(bool eventIdx)
        {
            (SplitPair pair, _) = Broken(eventIdx ? VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx) : 0);
            int size = SplitRingLayout.UsedRingSize(4);
            byte[] before = pair.Area(pair.Config.DeviceArea, size).ToArray();
            pair.Device.DisableNotifications();
            Assert.That(pair.Device.EnableNotifications(), Is.False);
            Assert.That(pair.Area(pair.Config.DeviceArea, size).ToArray(), Is.EqualTo(before));
        }

        [Test]
        [Category("FF-RING-14")]
        public void PushUsed_OfAnIdBeyondTheQueue_IsRefused()
        {
            var pair = new SplitPair(4);
            Assert.That(pair.Driver.TryAdd(SplitPair.Buffers(0, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            pair.Pop();
            Assert.That(pair.Device.PushUsed(new ChainToken(4, 1, 0), 0), Is.EqualTo(QueueError.UsedHeadNotInFlight));
            Assert.That(pair.Device.UsedIndex, Is.Zero);
        }
    
        [Test]
        [Category("FF-RING-16")]
        public void DriverEndInError_StaysInError()
        {
            var pair = new SplitPair(4);
            Assert.That(pair.Driver.TryAdd(SplitPair.Buffers(0, 1, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));

            // used.idx moved by 2 with one chain in flight: a jump, and nothing after it is trusted.
            RingAccess.WriteUInt16(pair.Area(pair.Config.DeviceArea, 4), SplitRingLayout.UsedIdxOffset, 2);
            Assert.That(pair.Driver.TryReclaim(out _, out QueueError first), Is.False);
            Assert.That(first, Is.EqualTo(QueueError.UsedIndexJump));
            RingAccess.WriteUInt16(pair.Area(pair.Config.DeviceArea, 4), SplitRingLayout.UsedIdxOffset, 1);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(pair.Driver.TryReclaim(out _, out QueueError again), Is.False);
                Assert.That(again, Is.EqualTo(QueueError.UsedIndexJump));
                Assert.That(pair.Driver.HasUsed(), Is.False);
                Assert.That(pair.Driver.InFlightCount, Is.EqualTo(1));
            }
        }
    }
}
