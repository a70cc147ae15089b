using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Virtio.Tests.Queues.Packed
{
    /// <summary>
    /// After a malformed ring the packed device end "does nothing more" (IDeviceQueue.Error): it touches no part of
    /// the queue and asks for no notification until reset (FF-INIT-7).
    /// </summary>
    public sealed class PackedLatchedErrorTests
    {
        private static readonly ulong EventIdx = VirtioFeatureBit.Mask(VirtioFeatureBit.EventIdx);

        /// <summary>A device holding one popped chain, with a zero-length (malformed, FF-RING-11) chain after it.</summary>
        private static (PackedPair Pair, ChainToken Held) Broken(ulong features = 0)
        {
            var pair = new PackedPair(4, features);
            Assert.That(pair.Driver.TryAdd(default, PackedPair.Buffers(0, 1, 8), 0, false, out _), Is.EqualTo(QueueError.None));
            ChainToken held = pair.Pop();
            Assert.That(pair.Device.PushUsed(held, 4), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.TryAdd(default, PackedPair.Buffers(1, 1, 8), 0, false, out _), Is.EqualTo(QueueError.None));
            held = pair.Pop();
            pair.WriteDescriptor(2, PackedPair.Buffer(2), 0, 9, DescriptorFlags.Avail);
            Assert.That(pair.Device.TryPop(pair.Storage, out DescriptorChain refused, out QueueError error), Is.False);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(error, Is.EqualTo(QueueError.ZeroLengthBuffer));
                Assert.That(refused.Buffers.Length, Is.Zero, "a refused chain comes back empty");
                Assert.That(pair.Device.Error, Is.EqualTo(QueueError.ZeroLengthBuffer));
            }

            return (pair, held);
        }

        [Test]
        [Category("FF-INIT-7")]
        [Category("FF-RING-25")]
        public void LatchedDevice_OffersNothingAndPushesNothing()
        {
            (PackedPair pair, ChainToken held) = Broken();
            pair.WriteDescriptor(3, PackedPair.Buffer(3), 8, 3, DescriptorFlags.Avail);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(pair.Device.HasAvailable(), Is.False);
                Assert.That(pair.Device.TryPop(pair.Storage, out _, out QueueError again), Is.False);
                Assert.That(again, Is.EqualTo(QueueError.ZeroLengthBuffer));
                Assert.That(pair.Device.PushUsed(held, 0), Is.EqualTo(QueueError.ZeroLengthBuffer));
                Assert.That(pair.DescriptorFlags(1), Is.EqualTo((ushort)(DescriptorFlags.Avail | DescriptorFlags.Write)), "slot 1 not marked used");
                Assert.That(pair.Device.NeedsInterrupt(), Is.False, "the push before the error is not signalled after it");
            }
        }

        [TestCase(false)]
        [TestCase(true)]
        [Category("FF-INIT-7")]
        public void LatchedDevice_LeavesTheDeviceAreaAlone(bool eventIdx)
        {
            (PackedPair pair, _) = Broken(eventIdx ? EventIdx : 0);
            pair.Ring.Slice((int)(pair.Config.DeviceArea - PackedPair.Base), 4).Fill(0xee);
            Assert.That(pair.Device.EnableNotifications(), Is.False);
            Assert.That(pair.DeviceEvent, Is.EqualTo(((ushort)0xeeee, (ushort)0xeeee)), "enable wrote nothing");
            pair.Device.DisableNotifications();
            Assert.That(pair.DeviceEvent, Is.EqualTo(((ushort)0xeeee, (ushort)0xeeee)), "disable wrote nothing");
        }

        [Test]
        [Category("FF-RING-16")]
        public void DriverEndInError_ReportsNothingUsed()
        {
            var pair = new PackedPair(4);
            // A used descriptor where nothing was made available: the driver latches UsedIndexJump.
            pair.WriteDescriptor(0, 0, 0, 0, DescriptorFlags.Avail | DescriptorFlags.Used);
            Assert.That(pair.Driver.HasUsed(), Is.True);
            Assert.That(pair.Driver.TryReclaim(out _, out QueueError error), Is.False);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(error, Is.EqualTo(QueueError.UsedIndexJump));
                Assert.That(pair.Driver.Error, Is.EqualTo(QueueError.UsedIndexJump));
                Assert.That(pair.Driver.HasUsed(), Is.False, "nothing after the error is trusted");
                Assert.That(pair.Driver.EnableInterrupts(), Is.False);
            }
        }
    }
}
