using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;

namespace FsFreeze.Virtio.Tests.Queues.Packed
{
    /// <summary>The used descriptor as the device writes it and as the driver checks it (FF-RING-16, FF-RING-23).</summary>
    public sealed class PackedUsedDescriptorTests
    {
        [TestCase(0u, (ushort)(DescriptorFlags.Avail | DescriptorFlags.Used))]
        [TestCase(5u, (ushort)(DescriptorFlags.Avail | DescriptorFlags.Used | DescriptorFlags.Write))]
        [Category("FF-RING-23")]
        [Category("FF-RING-22")]
        public void DeviceEnd_WritesIdLengthAndFlagsAtTheNextUsedSlot(uint written, ushort flags)
        {
            var pair = new PackedPair(4);
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 8), PackedPair.Buffers(1, 2, 8), 0, false, out ushort id), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.PushUsed(pair.Pop(), written), Is.EqualTo(QueueError.None));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(RingAccess.ReadUInt16(pair.Ring, PackedRingLayout.DescriptorIdOffset), Is.EqualTo(id));
                Assert.That(RingAccess.ReadUInt32(pair.Ring, PackedRingLayout.DescriptorLengthOffset), Is.EqualTo(written));
                Assert.That(pair.DescriptorFlags(0), Is.EqualTo(flags), "WRITE when bytes were written");
                Assert.That(pair.DescriptorFlags(1), Is.EqualTo((ushort)(DescriptorFlags.Avail | DescriptorFlags.Next | DescriptorFlags.Write)), "the chain's other slots are left alone");
                Assert.That(pair.Device.NextUsedOffset, Is.EqualTo(3), "skips the chain's three slots");
            }
        }

        [Test]
        [Category("FF-RING-23")]
        public void DeviceEnd_RefusesATokenOfNoDescriptors()
        {
            var pair = new PackedPair(4);
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 8), default, 0, false, out ushort id), Is.EqualTo(QueueError.None));
            pair.Pop();
            Assert.That(pair.Device.PushUsed(new ChainToken(id, 0, 0), 0), Is.EqualTo(QueueError.UsedHeadNotInFlight));
            Assert.That(pair.DescriptorFlags(0), Is.EqualTo((ushort)DescriptorFlags.Avail), "nothing written");
        }

        [Test]
        [Category("FF-RING-16")]
        public void DriverEnd_ARefusedIdConsumesOneSlotAndTheNextIsTaken()
        {
            var pair = new PackedPair(4);
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 1, 8), default, 10, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(1, 1, 8), default, 11, false, out ushort second), Is.EqualTo(QueueError.None));

            // A device that writes an id never made available at slot 0, then the second chain at slot 1.
            pair.WriteDescriptor(0, 0, 0, 3, DescriptorFlags.Avail | DescriptorFlags.Used);
            pair.WriteDescriptor(1, 0, 0, second, DescriptorFlags.Avail | DescriptorFlags.Used);
            Assert.That(pair.Driver.TryReclaim(out _, out QueueError refused), Is.False);
            Assert.That(refused, Is.EqualTo(QueueError.UsedIdNotInFlight));
            Assert.That(pair.Driver.TryReclaim(out UsedBuffer used, out QueueError error), Is.True, error.ToString());
            using (Assert.EnterMultipleScope())
            {
                Assert.That((used.Id, used.Token), Is.EqualTo((second, 11UL)));
                Assert.That(pair.Driver.LastUsedOffset, Is.EqualTo(2));
                Assert.That(pair.Driver.Error, Is.EqualTo(QueueError.None), "a refused id alone does not break the ring");
            }
        }

        [Test]
        [Category("FF-RING-16")]
        public void DriverEnd_AChainLongerThanTheSlotsLeftIsAJump()
        {
            var pair = new PackedPair(4);
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 3, 8), default, 0, false, out ushort id), Is.EqualTo(QueueError.None));

            // A refused id at slot 0 leaves two slots pending; the three-slot chain cannot be used after it.
            pair.WriteDescriptor(0, 0, 0, 3, DescriptorFlags.Avail | DescriptorFlags.Used);
            pair.WriteDescriptor(1, 0, 0, id, DescriptorFlags.Avail | DescriptorFlags.Used);
            Assert.That(pair.Driver.TryReclaim(out _, out QueueError refused), Is.False);
            Assert.That(refused, Is.EqualTo(QueueError.UsedIdNotInFlight));
            Assert.That(pair.Driver.TryReclaim(out _, out QueueError error), Is.False);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(error, Is.EqualTo(QueueError.UsedIndexJump));
                Assert.That(pair.Driver.Error, Is.EqualTo(QueueError.UsedIndexJump));
                Assert.That(pair.Driver.InFlightCount, Is.EqualTo(1), "the chain is not freed on a jump");
            }
        }

        [Test]
        [Category("FF-RING-16")]
        public void DriverEnd_AUsedDescriptorAfterEverythingCameBackIsAJump()
        {
            var pair = new PackedPair(4);
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 2, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            Assert.That(pair.Device.PushUsed(pair.Pop(), 0), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.TryReclaim(out _, out _), Is.True);

            // Slot 2 was never made available; a device that marks it used anyway is not trusted.
            pair.WriteDescriptor(2, 0, 0, 0, DescriptorFlags.Avail | DescriptorFlags.Used);
            Assert.That(pair.Driver.TryReclaim(out _, out QueueError error), Is.False);
            Assert.That(error, Is.EqualTo(QueueError.UsedIndexJump));
        }
    }
}
